import { MigrationInterface, QueryRunner } from 'typeorm';

/** X.509 certificates registered for OAuth applications. */
export class CreateOAuthAppCertificates1796000000704 implements MigrationInterface {
  name = 'CreateOAuthAppCertificates1796000000704';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oauth_app_certificates (
        id uuid PRIMARY KEY,
        client_id text NOT NULL REFERENCES oauth_clients(client_id) ON DELETE CASCADE,
        certificate text NOT NULL,
        fingerprint text NOT NULL,
        subject text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (client_id, fingerprint)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oauth_app_certificates`);
  }
}
