import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { postgresOptions, runMigrations } from '@roster/persistence';
import { parseEncryptionKeys, SecretCipher } from '@roster/security';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import { IntegrationsConfig } from '../src/config/integrations.config';
import { IntegrationEntity } from '../src/connections/integration.entity';
import { integrationsDatabase } from '../src/database/data-source';
import { ConnectorFactory } from '../src/psa/connector-factory';

const key = () => randomBytes(32).toString('base64');

describe('PSA credentials at rest (real Postgres)', () => {
  const prefix = `roster_${newRunId('t')}`;
  let dataSource: DataSource;
  const oldRing = `old:${key()}`;
  const newKey = `new:${key()}`;

  const factory = (ring: string) =>
    new ConnectorFactory(
      Object.assign(new IntegrationsConfig(), { INTEGRATIONS_ENCRYPTION_KEYS: ring }),
      dataSource,
      new SecretCipher(parseEncryptionKeys(ring)),
    );

  beforeAll(async () => {
    const url = await createTestDatabase(`${prefix}_integrations`);
    const options = postgresOptions(url, integrationsDatabase);
    await runMigrations(options);
    dataSource = await new DataSource(options).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(prefix);
  });

  async function storeWith(ring: string, secrets: Record<string, string>): Promise<IntegrationEntity> {
    const id = randomUUID();
    return dataSource.getRepository(IntegrationEntity).save({
      id,
      companyId: randomUUID(),
      type: 'connectwise',
      kind: 'psa',
      name: 'CW',
      status: 'active',
      config: { url: 'https://cw.example', companyId: 'msp' },
      sealedSecrets: factory(ring).seal(id, secrets),
      secretNames: Object.keys(secrets),
      settings: { companyTypeIds: [], automaticTicketing: false },
    });
  }

  it('seals secrets bound to the integration: unreadable in the row, unusable in another row', async () => {
    const row = await storeWith(oldRing, { publicKey: 'pub', privateKey: 'very-private' });
    expect(row.sealedSecrets).toMatch(/^v1\.old\./);
    expect(row.sealedSecrets).not.toContain('very-private');
    const copy = await storeWith(oldRing, { publicKey: 'x', privateKey: 'y' });
    await dataSource
      .getRepository(IntegrationEntity)
      .update({ id: copy.id }, { sealedSecrets: row.sealedSecrets });
    const moved = await dataSource.getRepository(IntegrationEntity).findOneByOrFail({ id: copy.id });
    await expect(factory(oldRing).secretsOf(moved)).rejects.toThrow();
  });

  it('rotates: with a new key first, start-up re-seals old rows, after which the old key can go', async () => {
    const row = await storeWith(oldRing, { publicKey: 'pub', privateKey: 'rotate-me' });
    const rotating = factory(`${newKey},${oldRing}`);
    // Two readable rows (the unreadable copy from the test above is skipped, not fatal).
    expect(await rotating.resealAll()).toBe(2);
    const resealed = await dataSource.getRepository(IntegrationEntity).findOneByOrFail({ id: row.id });
    expect(resealed.sealedSecrets).toMatch(/^v1\.new\./);
    expect(await factory(newKey).secretsOf(resealed)).toEqual({ publicKey: 'pub', privateKey: 'rotate-me' });
    expect(await rotating.resealAll()).toBe(0); // only the unreadable copy is left on the old key
  });
});
