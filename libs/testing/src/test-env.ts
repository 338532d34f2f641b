/**
 * Where Postgres and NATS are when a test runs outside `npm test` (which passes the ones it resolved):
 * this machine's local services by default.
 */
export function applyTestEnvDefaults(): void {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.NATS_URL ??= 'nats://127.0.0.1:4222';
}
