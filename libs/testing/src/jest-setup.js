require('reflect-metadata');
// Shared Jest setup: where Postgres and NATS are when a test runs outside `npm test`
// (which passes the ones it resolved). Defaults are this machine's local services.
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.NATS_URL ??= 'nats://127.0.0.1:4222';
