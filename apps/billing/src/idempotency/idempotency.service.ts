import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError } from '@roster/contracts';

/** JSON with sorted keys, so the same body always hashes the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Idempotency-Key for every request that moves money: the first request with a key runs and its result is
 * stored with the request's hash; the same key with the same request returns that result again; the same key
 * with a different request is 422; a request still running with that key is 409. A request that fails leaves
 * no key behind (it may be retried with the same key).
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(scope: string, key: string | undefined, request: object, work: () => Promise<T>): Promise<T> {
    if (!key) return work();
    const body: Record<string, unknown> = { ...request };
    delete body.idempotencyKey;
    const hash = createHash('sha256').update(stableStringify(body)).digest('hex');
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [scope, key, hash],
    );
    if (!inserted.length) {
      const [row] = await this.dataSource.query<
        Array<{ request_hash: string; response: { value: T } | null }>
      >(`SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
      if (!row) return this.run(scope, key, request, work); // removed meanwhile (the first attempt failed)
      if (row.request_hash !== hash)
        throw new AppError('UNPROCESSABLE', 'This Idempotency-Key was used with a different request');
      if (!row.response) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is in progress');
      return row.response.value;
    }
    try {
      const value = await work();
      await this.dataSource.query(`UPDATE idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2`, [
        scope,
        key,
        JSON.stringify({ value }),
      ]);
      return value;
    } catch (error) {
      await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
      throw error;
    }
  }
}
