// `npm run bench [-- --quick] [-- --only=B1,B3]`: Roster measured against hand-written floors.
// Builds for production, starts Postgres and NATS by the same rules as `npm start`, seeds realistic data,
// then runs every scenario and its floor interleaved (floor, scenario, floor, scenario …) and reports
// throughput, latency, CPU-ms per operation and the ratio to the floor. See bench/README.md.
import { fork, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { resolveInfra, ROOT } from '../scripts/lib/infra.mjs';
import { infraPids, noteOwnNats, trackRunBackends } from './lib/cpu.mjs';
import { report } from './lib/report.mjs';
import { scenarios } from './scenarios.mjs';
import { seed } from './lib/seed.mjs';
import { connect } from 'nats';

const require = createRequire(import.meta.url);
const { startPlatform, APPS, freePort } = require('../scripts/lib/platform.cjs');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
// `--cpu-prof`: every app writes a V8 CPU profile to tmp/bench/<run>/prof when it stops (see bench/README.md).
const cpuProf = args.includes('--cpu-prof');
const params = quick
  ? { mode: 'quick', rounds: 3, duration: 3, users: 100_000, companies: 1_000, fanoutEvents: 300, backlog: 10_000 }
  : { mode: 'full', rounds: 3, duration: 10, users: 100_000, companies: 1_000, fanoutEvents: 2_000, backlog: 10_000 };
const log = (m) => console.log(`[bench] ${m}`);

async function natsVersion(url) {
  const nc = await connect({ servers: url });
  const version = nc.info?.version ?? 'unknown';
  await nc.close();
  return version;
}

log(`building for production (${params.mode} run)…`);
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', APPS.join(','), '--output-style=static'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NODE_ENV: 'production', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const infra = await resolveInfra(log);
const runId = `bench${Date.now().toString(36)}`;
const dbPrefix = `roster_${runId}`;
const logDir = path.join(ROOT, 'tmp', 'bench', runId);
const children = [];
let platform;
let stopTracking = () => {};

async function cleanup() {
  for (const child of children) child.kill('SIGTERM');
  await platform?.stop();
  const admin = new pg.Client({ connectionString: infra.databaseUrl });
  await admin.connect().catch(() => {});
  for (const ctx of ['auth', 'directory', 'billing', 'integrations', 'floor'])
    await admin.query(`DROP DATABASE IF EXISTS "${dbPrefix}_${ctx}" WITH (FORCE)`).catch(() => {});
  await admin.end().catch(() => {});
  await infra.stop();
}

try {
  log('starting the platform (production build, logs at warn)…');
  platform = await startPlatform({
    databaseUrl: infra.databaseUrl,
    natsUrl: infra.natsUrl,
    dbPrefix,
    natsPrefix: runId,
    randomPorts: true,
    logDir,
    nodeArgs: cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(logDir, 'prof')}`] : [],
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      // Load comes from one address and one user; the limits are measured on their own in B2.
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    },
    // B3/B3a measure what a login costs, so the brute-force slowdown (a wait that depends only on the
    // e-mail's and the address's failure counts, the same for an unknown e-mail) is off, like the lock.
    // Their logins come from many client addresses, as real ones do: the gateway trusts the bench's
    // loopback client as a proxy and reads X-Forwarded-For. (From one address, with its limit raised out
    // of the way, every login's per-address check walked the thousands of failures B3a leaves there.)
    appEnv: {
      auth: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000', LOGIN_SLOWDOWN_BASE_MS: '0' },
      gateway: { TRUST_PROXY: '127.0.0.1' },
    },
  });
  // CPU of Postgres: this run's backends only (a shared server serves other work too); see lib/cpu.mjs.
  const statPool = new pg.Pool({ connectionString: infra.databaseUrl, max: 1 });
  stopTracking = await trackRunBackends(statPool, dbPrefix);
  children.push({ kill: () => (stopTracking(), statPool.end().catch(() => {})) });
  noteOwnNats();
  const db = (ctx) => platform.databaseUrlOf(ctx);
  const floorDb = db('floor');
  const admin = new pg.Client({ connectionString: infra.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbPrefix}_floor"`);
  await admin.end();

  log(`seeding ${params.users} users across ${params.companies} companies…`);
  const seeded = Date.now();
  await seed({ authDb: db('auth'), directoryDb: db('directory'), users: params.users, companies: params.companies });
  log(`seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

  /** Starts a floor program (or a second gateway) and waits for its 'ready' message. */
  const start = async (file, env) => {
    const child = fork(file, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    });
    return child;
  };
  const appPids = Object.fromEntries(platform.apps.map(({ name, proc }) => [name, [proc.pid]]));
  const context = {
    params,
    platform,
    appPids,
    infraPids,
    db,
    floorDb,
    natsUrl: infra.natsUrl,
    floorPrefix: `${runId}_`,
    start,
    freePort,
    root: ROOT,
    log,
  };

  const results = [];
  for (const scenario of scenarios) {
    if (only && !only.includes(scenario.id)) continue;
    log(`${scenario.id}: ${scenario.title}`);
    results.push(...(await scenario.run(context)));
  }

  const machine = {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: infra.databaseUrl });
    await c.connect();
    const { rows } = await c.query('SHOW server_version');
    await c.end();
    return rows[0].server_version;
  })();
  machine.postgres = pgVersion;
  machine.nats = await natsVersion(infra.natsUrl);
  const { markdown, json, failed } = report({ results, params, machine, runId });
  console.log(`\n${markdown}`);
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${params.mode}.json`);
  writeFileSync(file, JSON.stringify(json, null, 2));
  log(`results written to ${path.relative(ROOT, file)}`);
  await cleanup();
  if (cpuProf) log(`CPU profiles (one per app process, named by pid) in ${path.relative(ROOT, path.join(logDir, 'prof'))}`);
  process.exit(failed ? 1 : 0);
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(1);
}
