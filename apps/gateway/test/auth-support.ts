import { randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { Client } from 'pg';
import { eventually } from '@roster/testing';
import { api, PASSWORD } from './support';

/** Requests as if from another client: the suite's gateway trusts X-Forwarded-For from loopback (TRUST_PROXY). */
export function from(ip: string, userAgent = 'roster-e2e') {
  const client = api();
  const headers = { 'x-forwarded-for': ip, 'user-agent': userAgent };
  return {
    get: (path: string, token?: string) => client.request('GET', path, { token, headers }),
    post: (path: string, body?: unknown, token?: string) =>
      client.request('POST', path, { body, token, headers }),
    put: (path: string, body?: unknown, token?: string) =>
      client.request('PUT', path, { body, token, headers }),
    delete: (path: string, token?: string, body?: unknown) =>
      client.request('DELETE', path, { token, body, headers }),
  };
}

/** A random private address per call, so per-IP counters of different tests never meet. */
export function freshIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${(c % 254) + 1}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Revocations reach every gateway replica within this (issue 3, point 7). */
export const REVOCATION_BOUND_MS = 1000;

/**
 * Polls (every 50 ms) until `check` holds, failing when it still does not after `withinMs`: for effects that
 * reach the gateway through auth's events. Returns how long it took.
 */
export async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  await eventually(check, { timeoutMs: withinMs, intervalMs: 50 });
  return Date.now() - started;
}

/** The TOTP code an authenticator app shows `stepOffset` 30-second steps from now. */
export function totp(secret: string, stepOffset = 0): string {
  return authenticator.clone({ epoch: Date.now() + stepOffset * 30_000 }).generate(secret);
}

/** Logs in from a fresh IP each time, so the per-IP brute-force counter of one test never trips another. */
export function login(
  email: string,
  extra: Record<string, unknown> = {},
  password = PASSWORD,
  ip = freshIp(),
) {
  return from(ip).post('/api/v1/auth/login', { email, password, ...extra });
}

/** Runs a query on auth's database (to read the outbox, or to arrange an expired token). */
export async function authDb<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: process.env.E2E_AUTH_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** Envelopes auth wrote to its outbox for `subject` about this user, oldest first. */
export async function outboxEvents(subject: string, userId: string): Promise<any[]> {
  const rows = await authDb<{ envelope: any }>(
    `SELECT envelope FROM outbox WHERE subject = $1 AND envelope->'data'->>'userId' = $2 ORDER BY seq`,
    [subject, userId],
  );
  return rows.map((r) => r.envelope);
}

/** Turns TOTP on for a signed-in user; returns the secret, the recovery codes and the code used to confirm. */
export async function enableTotp(accessToken: string) {
  const client = api();
  const enrol = await client.post('/api/v1/me/2fa/totp', undefined, accessToken);
  if (enrol.status !== 201) throw new Error(`enrol failed: ${enrol.status} ${JSON.stringify(enrol.body)}`);
  const secret: string = enrol.body.secret;
  const confirmCode = totp(secret);
  const confirm = await client.post('/api/v1/me/2fa/totp/confirm', { code: confirmCode }, accessToken);
  if (confirm.status !== 200)
    throw new Error(`confirm failed: ${confirm.status} ${JSON.stringify(confirm.body)}`);
  return {
    secret,
    otpauthUri: enrol.body.otpauthUri as string,
    recoveryCodes: confirm.body.recoveryCodes as string[],
    confirmCode,
  };
}
