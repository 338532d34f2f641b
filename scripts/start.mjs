// `npm start`: Postgres and NATS (see lib/infra.mjs), a build, then the five apps as separate
// processes with their output prefixed. Ctrl-C stops everything, in order: the apps, then NATS and Postgres.
import { fork, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolveInfra, ROOT } from './lib/infra.mjs';

const require = createRequire(import.meta.url);
const { startPlatform, APPS } = require('./lib/platform.cjs');

const log = (message) => console.log(`roster       | ${message}`);

// Ctrl-C in a terminal signals its whole foreground process group at once: the embedded Postgres and NATS
// would stop while the apps are still finishing their work (and log that they cannot reach them). So the
// platform runs under a supervisor in a process group of its own; this process only passes the stop on.
if (!process.env.ROSTER_SUPERVISED) {
  const supervisor = fork(import.meta.filename, process.argv.slice(2), {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, ROSTER_SUPERVISED: '1' },
  });
  const stop = () => supervisor.connected && supervisor.send('stop');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  supervisor.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {}); // until the supervisor exits
}

const infra = await resolveInfra(log).catch((error) => {
  console.error(`\n${error.message}\n`);
  process.exit(1);
});

log('Building the apps (nx run-many -t build)…');
const build = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'build', '--projects', APPS.join(','), '--output-style=static'],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  },
);
if (build.status !== 0) {
  await infra.stop();
  process.exit(build.status ?? 1);
}

let platform;
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  log('Stopping…');
  await platform?.stop();
  await infra.stop();
  log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Asked by the parent (Ctrl-C, SIGTERM), or the parent is gone (killed): stop in order either way.
process.on('message', (message) => message === 'stop' && void shutdown(0));
process.on('disconnect', () => void shutdown(0));

try {
  platform = await startPlatform({ databaseUrl: infra.databaseUrl, natsUrl: infra.natsUrl });
} catch (error) {
  console.error(`\n${error.message}\n`);
  await shutdown(1);
}

const url = platform.gatewayUrl.replace('127.0.0.1', 'localhost');
log('');
log('Roster is running:');
log(`  API          ${url}/api/v1`);
log(`  Swagger UI   ${url}/api/docs`);
log(`  OpenAPI      ${url}/api/v1/openapi.json`);
log(`  Health       ${url}/health/ready`);
log('Press Ctrl-C to stop.');
for (const { name, proc } of platform.apps) {
  proc.once('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping the platform`);
      void shutdown(1);
    }
  });
}
