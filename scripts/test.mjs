// `npm test`: unit, integration and end-to-end tests against real Postgres and NATS, found by the same
// rules as `npm start`. Every run uses its own databases and NATS subject prefix, so runs never meet.
import { spawnSync } from 'node:child_process';
import { resolveInfra, ROOT } from './lib/infra.mjs';

const infra = await resolveInfra((m) => console.log(`[test] ${m}`)).catch((error) => {
  console.error(`\n${error.message}\n`);
  process.exit(1);
});

const env = {
  ...process.env,
  DATABASE_URL: infra.databaseUrl,
  NATS_URL: infra.natsUrl,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};
const run = (args) =>
  spawnSync('npx', ['nx', ...args, '--output-style=stream'], { cwd: ROOT, stdio: 'inherit', env }).status;

// Unit and integration tests of every project, then the end-to-end suite against the built apps.
let status = run(['run-many', '-t', 'test', '--parallel=2', '--skip-nx-cache']);
if (status === 0) status = run(['run', 'gateway:e2e', '--skip-nx-cache']);

await infra.stop();
process.exit(status ?? 1);
