import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import {
  CREATE_IDEMPOTENCY_KEYS_EXPIRY_INDEX,
  CREATE_IDEMPOTENCY_KEYS_TABLE,
  IdempotencyKeys,
  idempotencyScope,
  RequestMeta,
} from '../src';

/**
 * IdempotencyKeys against a real Postgres: the key and the response commit with the change or not at all; a
 * repeat gets the first response; a concurrent twin waits for the first and gets its response.
 */
describe('IdempotencyKeys (real Postgres)', () => {
  const runId = newRunId('i');
  const dbPrefix = `roster_${runId}`;
  let dataSource: DataSource;
  let idem: IdempotencyKeys;
  const OP = 'test.widget.create.v1';
  const user = randomUUID();
  const meta = (key?: string, id = user): RequestMeta => ({
    requestId: 'r',
    actor: { type: 'user', id },
    ...(key ? { idempotencyKey: key } : {}),
  });
  const widgets = async () => Number((await dataSource.query(`SELECT count(*) AS n FROM widgets`))[0].n);

  /** The use case: one transaction that inserts a widget and returns it (its response). */
  const createWidget = (name: string, opts: { delayMs?: number; fail?: boolean } = {}) =>
    idem.transaction(OP, async (manager: EntityManager) => {
      const id = randomUUID();
      await manager.query(`INSERT INTO widgets (id, name) VALUES ($1, $2)`, [id, name]);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.fail) throw new Error('failed after the insert');
      return { id, name, createdAt: new Date() };
    });

  beforeAll(async () => {
    const url = await createTestDatabase(`${dbPrefix}_idem`);
    dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    await dataSource.query(CREATE_IDEMPOTENCY_KEYS_TABLE);
    await dataSource.query(CREATE_IDEMPOTENCY_KEYS_EXPIRY_INDEX);
    await dataSource.query(`CREATE TABLE widgets (id uuid PRIMARY KEY, name text NOT NULL)`);
    idem = new IdempotencyKeys(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(dbPrefix);
  });

  it('without a key: runs every time, stores nothing', async () => {
    const before = await widgets();
    await idem.run(meta(), OP, { name: 'a' }, () => createWidget('a'));
    await idem.run(meta(), OP, { name: 'a' }, () => createWidget('a'));
    expect(await widgets()).toBe(before + 2);
    expect(await dataSource.query(`SELECT * FROM idempotency_keys`)).toEqual([]);
  });

  it('same key and request: the first response (JSON as sent), the change made once; the key row committed with it', async () => {
    const before = await widgets();
    const first = await idem.run(meta('k-1'), OP, { name: 'b', tags: [1, 2] }, () => createWidget('b'));
    const again = await idem.run(meta('k-1'), OP, { tags: [1, 2], name: 'b' }, () => createWidget('b'));
    expect(again).toEqual(JSON.parse(JSON.stringify(first)));
    expect(await widgets()).toBe(before + 1);
    const [row] = await dataSource.query(
      `SELECT response, expires_at > now() + interval '23 hours' AS lasts_a_day FROM idempotency_keys WHERE scope = $1 AND key = 'k-1'`,
      [idempotencyScope(meta('k-1'), OP)],
    );
    expect(row).toEqual({ response: { value: JSON.parse(JSON.stringify(first)) }, lasts_a_day: true });
  });

  it('same key, different request: 422 naming Idempotency-Key, nothing run', async () => {
    await idem.run(meta('k-2'), OP, { name: 'c' }, () => createWidget('c'));
    const before = await widgets();
    await expect(
      idem.run(meta('k-2'), OP, { name: 'other' }, () => createWidget('other')),
    ).rejects.toMatchObject({ code: 'UNPROCESSABLE', errors: [{ field: 'Idempotency-Key' }] });
    expect(await widgets()).toBe(before);
  });

  it('scoped by actor and operation: the same key from another user or for another operation is another key', async () => {
    const before = await widgets();
    const a = await idem.run(meta('k-3'), OP, { name: 'd' }, () => createWidget('d'));
    const b = await idem.run(meta('k-3', randomUUID()), OP, { name: 'd' }, () => createWidget('d'));
    expect(b).not.toEqual(a);
    // Another operation: its transaction is not the one bound to OP, so nothing is recorded for it either.
    await idem.run(meta('k-3'), 'test.widget.other.v1', { name: 'd' }, () => createWidget('d'));
    expect(await widgets()).toBe(before + 3);
  });

  it('a failure after the insert rolls back the change and the key: the retry runs again', async () => {
    const before = await widgets();
    await expect(
      idem.run(meta('k-4'), OP, { name: 'e' }, () => createWidget('e', { fail: true })),
    ).rejects.toThrow('failed after the insert');
    expect(await widgets()).toBe(before);
    const retry = await idem.run(meta('k-4'), OP, { name: 'e' }, () => createWidget('e'));
    expect(retry).toMatchObject({ name: 'e' });
    expect(await widgets()).toBe(before + 1);
  });

  it('a concurrent duplicate waits for the first on the key and gets its response; one change', async () => {
    const before = await widgets();
    const [a, b] = await Promise.all([
      idem.run(meta('k-5'), OP, { name: 'f' }, () => createWidget('f', { delayMs: 300 })),
      new Promise((r) => setTimeout(r, 50)).then(() =>
        idem.run(meta('k-5'), OP, { name: 'f' }, () => createWidget('f', { delayMs: 300 })),
      ),
    ]);
    expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(await widgets()).toBe(before + 1);
  });

  it('an expired key is free again and deleteExpired removes expired keys', async () => {
    const first = await idem.run(meta('k-6'), OP, { name: 'g' }, () => createWidget('g'));
    await dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'k-6'`,
    );
    const second = await idem.run(meta('k-6'), OP, { name: 'g2' }, () => createWidget('g2'));
    expect(second).not.toEqual(first);
    await dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'k-6'`,
    );
    expect(await idem.deleteExpired()).toBe(1);
    expect(await dataSource.query(`SELECT key FROM idempotency_keys WHERE key = 'k-6'`)).toEqual([]);
  });

  it('leased: in progress is 409 with Retry-After while the lease holds; a stale lease is taken over', async () => {
    const op = 'test.widget.charge.v1';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = idem.run(meta('k-7'), op, { n: 1 }, () => gate.then(() => ({ charged: 1 })), {
      leaseMs: 60_000,
    });
    await new Promise((r) => setTimeout(r, 100));
    await expect(
      idem.run(meta('k-7'), op, { n: 1 }, () => Promise.resolve({ charged: 2 }), { leaseMs: 60_000 }),
    ).rejects.toMatchObject({ code: 'CONFLICT', retryAfterSeconds: expect.any(Number) });
    release();
    expect(await first).toEqual({ charged: 1 });
    expect(
      await idem.run(meta('k-7'), op, { n: 1 }, () => Promise.resolve({ charged: 3 }), { leaseMs: 60_000 }),
    ).toEqual({ charged: 1 });
    // A holder that died (no response, lease over): the next attempt takes the key over.
    await dataSource.query(
      `UPDATE idempotency_keys SET response = NULL, locked_until = now() - interval '1 second' WHERE key = 'k-7'`,
    );
    expect(
      await idem.run(meta('k-7'), op, { n: 1 }, () => Promise.resolve({ charged: 4 }), { leaseMs: 60_000 }),
    ).toEqual({ charged: 4 });
  });
});
