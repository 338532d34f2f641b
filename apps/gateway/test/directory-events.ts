import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { platform } from './support';

/**
 * Stands in for directory routes that are built separately (domains and SSO, member management, the
 * company policy): publishes directory's events straight to its JetStream stream, exactly as directory's
 * outbox relay would, on the run's NATS_PREFIX (`<prefix>.directory.events.…`, stream
 * `<prefix>_DIRECTORY_EVENTS`, which directory created at start). Replace with calls to those routes
 * once they exist.
 */
export class DirectoryEvents {
  private readonly codec = JSONCodec();
  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  static async connect(): Promise<DirectoryEvents> {
    const env = platform().env.directory;
    return new DirectoryEvents(await connect({ servers: env.NATS_URL }), env.NATS_PREFIX ?? '');
  }

  async publish(type: string, companyId: string, data: Record<string, unknown>): Promise<void> {
    const subject = this.prefix ? `${this.prefix}.${type}` : type;
    const eventId = randomUUID();
    await this.nc.jetstream().publish(
      subject,
      this.codec.encode({
        eventId,
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        tenantId: companyId,
        actor: { type: 'service', id: 'e2e' },
        correlationId: null,
        causationId: null,
        data: { companyId, ...data },
      }),
      { msgID: eventId },
    );
  }

  close = () => this.nc.close();
}

/** Members can be added through the API once the directory routes land; arrange directory's state directly. */
export async function insertMembership(
  companyId: string,
  userId: string,
  role: 'owner' | 'admin' | 'member',
) {
  const db = new Client({ connectionString: process.env.E2E_DIRECTORY_DATABASE_URL });
  await db.connect();
  try {
    await db.query(`INSERT INTO memberships (company_id, user_id, role) VALUES ($1, $2, $3)`, [
      companyId,
      userId,
      role,
    ]);
  } finally {
    await db.end();
  }
}
