import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, RpcContract } from '@roster/contracts';
import type { RequestMeta } from './request-meta';

/**
 * `Idempotency-Key` for the whole platform (docs/reliability.md, docs/api.md).
 *
 * The gateway validates the header of a mutating request and forwards it in the NATS request headers
 * (`RequestMeta.idempotencyKey`). A service handler that honours it wraps its use case:
 *
 * ```ts
 * @RpcHandler(AddMember)
 * add(@Payload() request: AddMemberRequest, @RpcMeta() meta: RequestMeta) {
 *   return this.idempotency.run(meta, AddMember, request, () => this.members.add(userId, request, meta));
 * }
 * ```
 *
 * and the use case opens the transaction of its change with `idempotency.transaction(AddMember, fn)` instead of
 * `dataSource.transaction(fn)`. Within a `run` of that operation, that transaction also writes the key and
 * `fn`'s result (the response), so they commit together with the change: a crash before the commit leaves
 * nothing (a retry runs the request again), a crash after it leaves the key with its response (a retry gets
 * that response). Naming the operation keeps a use case that calls another one (cancel → collect) from
 * recording the inner one's result as its response.
 *
 * - Keys are scoped by actor and operation (the RPC subject); the request payload (path parameters included)
 *   is hashed: the same key with a different request is 422.
 * - A concurrent duplicate waits on the key's primary key until the first transaction ends, then gets its
 *   response (or runs, if the first rolled back).
 * - A request that fails (an error rolls its transaction back) stores nothing; it may be retried with the key.
 * - Keys expire after `IDEMPOTENCY_KEY_TTL_MS` (24 h): then the key may be reused; expired rows are deleted.
 *
 * Requests that call a third party before their final transaction (billing charging through Stripe) use
 * `{ leaseMs }`: the key is claimed in its own commit first, marked in progress for `leaseMs`; the work passes
 * an idempotency key of its own to the third party so that running it again cannot repeat the effect, and its
 * final `idempotency.transaction` stores the response with the change. A duplicate while the lease holds is
 * 409; once the lease has run out (the first attempt crashed), a retry takes the key over and runs again.
 */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 10 * 60 * 1000;

/** The SQL of each context's `idempotency_keys` table (run by that context's own migration). */
export const CREATE_IDEMPOTENCY_KEYS_TABLE = `
  CREATE TABLE idempotency_keys (
    scope text NOT NULL,
    key text NOT NULL,
    request_hash text NOT NULL,
    response jsonb,
    holder uuid,
    locked_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
  )`;
export const CREATE_IDEMPOTENCY_KEYS_EXPIRY_INDEX = `CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at)`;

/** JSON with sorted keys, so the same request always hashes the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date))
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(stableStringify(request)).digest('hex');
}

/** Who and what a key belongs to: the same key from another user, or for another operation, is another key. */
export function idempotencyScope(meta: RequestMeta, operation: string): string {
  return `${meta.actor.type}:${meta.actor.id ?? '-'} ${operation}`;
}

type Operation = RpcContract<unknown, unknown> | string;
const subjectOf = (operation: Operation) => (typeof operation === 'string' ? operation : operation.subject);

interface Claim {
  operation: string;
  scope: string;
  key: string;
  hash: string;
  /** Leased mode: the claim row exists already (committed), owned by this holder. */
  holder?: string;
  /** The response was written in a transaction (the claim is used up). */
  stored: boolean;
}

interface KeyRow {
  request_hash: string;
  response: { value: unknown } | null;
  locked: boolean;
  lock_seconds: number | null;
}

/** Thrown inside the transaction when a concurrent twin committed first: roll back, then replay its response. */
class ReplayFirst extends Error {}

@Injectable()
export class IdempotencyKeys implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyKeys');
  private readonly current = new AsyncLocalStorage<Claim>();
  private cleanup?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.cleanup = setInterval(() => void this.deleteExpired().catch(() => undefined), CLEANUP_EVERY_MS);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    if (this.cleanup) clearInterval(this.cleanup);
  }

  /**
   * Runs `work` at most once per (actor, operation, key): a repeat gets the first response. Without a key in
   * `meta` it just runs `work`.
   */
  async run<T>(
    meta: RequestMeta,
    operation: Operation,
    request: unknown,
    work: () => Promise<T>,
    options: { leaseMs?: number } = {},
  ): Promise<T> {
    const key = meta.idempotencyKey;
    if (!key) return work();
    const scope = idempotencyScope(meta, subjectOf(operation));
    const hash = requestHash(request);
    for (let attempt = 0; ; attempt++) {
      const stored = await this.lookup(scope, key, hash);
      if (stored) return stored.value as T;
      const claim: Claim = { operation: subjectOf(operation), scope, key, hash, stored: false };
      if (options.leaseMs) {
        claim.holder = randomUUID();
        if (!(await this.lease(claim, options.leaseMs))) {
          if (attempt < 3) continue; // taken meanwhile: look again (in progress → 409, done → its response)
          throw new AppError('CONFLICT', 'A request with this Idempotency-Key is in progress');
        }
        return this.runLeased(claim, work);
      }
      try {
        return await this.current.run(claim, work);
      } catch (error) {
        if (!(error instanceof ReplayFirst)) throw error;
        if (attempt < 3) continue; // a twin committed the key first: look again, its response is there
        throw new AppError('CONFLICT', 'A request with this Idempotency-Key is in progress');
      }
    }
  }

  /**
   * The transaction of a use case's change, whose result is the response of `operations`. Inside a `run` of
   * one of them, the first such transaction also records the key and `work`'s result in the same commit.
   * Elsewhere it is `dataSource.transaction`.
   */
  transaction<T>(
    operations: Operation | Operation[],
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const claim = this.current.getStore();
    const mine = (Array.isArray(operations) ? operations : [operations]).map(subjectOf);
    if (!claim || claim.stored || !mine.includes(claim.operation)) return this.dataSource.transaction(work);
    return this.dataSource.transaction(async (manager) => {
      if (!claim.holder) await this.claimIn(manager, claim);
      const value = await work(manager);
      await this.storeIn(manager, claim, value);
      claim.stored = true;
      return value;
    });
  }

  /** Deletes expired keys (every 10 minutes; an expired key is also taken over when used again). */
  async deleteExpired(): Promise<number> {
    const [table] = await this.dataSource.query<Array<{ t: string | null }>>(
      `SELECT to_regclass('idempotency_keys')::text AS t`,
    );
    if (!table?.t) return 0; // a context that honours no Idempotency-Key has no table
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE expires_at < now()`,
    );
    const removed = Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
    if (removed) this.logger.log(`Deleted ${removed} expired idempotency keys`);
    return removed;
  }

  /** The stored response for this key, if any; 422 for another request under the same key, 409 in progress. */
  private async lookup(scope: string, key: string, hash: string): Promise<{ value: unknown } | null> {
    const [row] = await this.dataSource.query<KeyRow[]>(
      `SELECT request_hash, response, locked_until > now() AS locked,
              ceil(extract(epoch FROM locked_until - now()))::int AS lock_seconds
         FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()`,
      [scope, key],
    );
    if (!row) return null;
    if (row.request_hash !== hash)
      throw new AppError(
        'UNPROCESSABLE',
        'Idempotency-Key: this key was used with a different request; use a new key for a new request',
        [{ field: 'Idempotency-Key', message: 'was used with a different request' }],
      );
    if (row.response) return { value: row.response.value };
    if (row.locked) {
      const error = new AppError('CONFLICT', 'A request with this Idempotency-Key is in progress');
      error.retryAfterSeconds = Math.max(1, row.lock_seconds ?? 1);
      throw error;
    }
    return null; // in progress, but its lease ran out: the caller may take it over
  }

  /** Transaction mode: insert the key in the change's transaction (a concurrent twin waits here). */
  private async claimIn(manager: EntityManager, claim: Claim): Promise<void> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, expires_at)
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response = NULL,
         holder = NULL, locked_until = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= now()
       RETURNING key`,
      [claim.scope, claim.key, claim.hash, IDEMPOTENCY_KEY_TTL_MS],
    );
    if (!rows.length) throw new ReplayFirst(); // a twin committed this key meanwhile
  }

  private async storeIn(manager: EntityManager, claim: Claim, value: unknown): Promise<void> {
    const rows: unknown[] = await manager.query(
      `UPDATE idempotency_keys SET response = $3, locked_until = NULL
        WHERE scope = $1 AND key = $2 AND ($4::uuid IS NULL OR holder = $4) RETURNING key`,
      [claim.scope, claim.key, JSON.stringify({ value: value ?? null }), claim.holder ?? null],
    );
    // Leased mode: the lease ran out and another attempt took the key over; it makes the change, not us.
    if (!rows.length)
      throw new AppError('CONFLICT', 'A request with this Idempotency-Key was taken over by a retry');
  }

  /** Leased mode: claim (or take over a stale claim of) the key in its own commit. */
  private async lease(claim: Claim, leaseMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, holder, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond', now() + $6 * interval '1 millisecond')
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response = NULL,
         holder = EXCLUDED.holder, locked_until = EXCLUDED.locked_until, created_at = now(),
         expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at <= now()
          OR (idempotency_keys.response IS NULL AND idempotency_keys.request_hash = EXCLUDED.request_hash
              AND (idempotency_keys.locked_until IS NULL OR idempotency_keys.locked_until <= now()))
       RETURNING key`,
      [claim.scope, claim.key, claim.hash, claim.holder, leaseMs, IDEMPOTENCY_KEY_TTL_MS],
    );
    return rows.length > 0;
  }

  private async runLeased<T>(claim: Claim, work: () => Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await this.current.run(claim, work);
    } catch (error) {
      // Failed: nothing to replay; release the key so a retry runs again (unless taken over meanwhile).
      await this.dataSource
        .query(
          `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND holder = $3 AND response IS NULL`,
          [claim.scope, claim.key, claim.holder],
        )
        .catch(() => undefined);
      throw error;
    }
    // The work made no `idempotency.transaction` (e.g. nothing to change): store its result on its own.
    if (!claim.stored) await this.storeIn(this.dataSource.manager, claim, value);
    return value;
  }
}
