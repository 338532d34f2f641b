// Starts Roster's five apps as separate processes. Shared by `npm start` and the end-to-end tests,
// so both run the platform exactly the same way. Plain CommonJS: it runs before anything is built.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICES = ['auth', 'directory', 'billing', 'integrations'];
const APPS = [...SERVICES, 'gateway'];
const DEFAULT_PORTS = {
  gateway: 3000,
  auth: 3001,
  directory: 3002,
  billing: 3003,
  integrations: 3004,
  gatewayMetrics: 9464,
};

/**
 * Node's own options for an app. Stack traces name the TypeScript sources through the build's source maps
 * in development and tests; production goes without (as the container does): loading every module's map
 * costs each app about 25 MB of memory and 0.3–0.9 s of CPU at start, and the compiled files keep the
 * sources' names and layout. `NODE_OPTIONS=--enable-source-maps` turns them back on.
 */
function nodeArgsFor(env) {
  return env.NODE_ENV === 'production' ? [] : ['--enable-source-maps'];
}

function entryOf(app) {
  return path.join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

/** The database URL of one context: same server as `serverUrl`, database `<prefix>_<context>`. */
function databaseUrl(serverUrl, dbPrefix, context) {
  const url = new URL(serverUrl);
  url.pathname = `/${dbPrefix}_${context}`;
  return url.toString();
}

/**
 * A development key ring for secrets at rest (auth's TOTP seeds, integrations' credentials), kept in .data/ so local data stays readable across
 * restarts (tests get a fresh one per run). Production passes the *_ENCRYPTION_KEYS from a secret.
 */
function devEncryptionKeys(logDir, app) {
  const file = path.join(logDir ?? path.join(ROOT, '.data'), `${app}.keys`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const key = require('node:crypto').randomBytes(32).toString('base64');
    fs.writeFileSync(file, `dev1:${key}`, { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url, proc, name, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      throw new Error(`${name} exited with code ${proc.exitCode} before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs} ms`);
}

function pipeWithPrefix(stream, name, out) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) out.write(`${name.padEnd(12)} | ${line}\n`);
  });
}

/**
 * @param {object} options
 * @param {string} options.databaseUrl  a Postgres server URL (any database); each context gets its own
 * @param {string} options.natsUrl
 * @param {string} [options.dbPrefix]   database name prefix (default `roster`)
 * @param {string} [options.natsPrefix] subject/stream namespace (default none)
 * @param {boolean} [options.randomPorts] pick free ports instead of 3000-3004
 * @param {string} [options.logDir]     write each app's output to <logDir>/<app>.log instead of the console
 * @param {Record<string,string>} [options.env] extra environment for every app
 * @param {Record<string,Record<string,string>>} [options.appEnv] extra environment per app
 * @param {string[]} [options.nodeArgs] extra node options for every app (the bench's `--cpu-prof`)
 */
async function startPlatform(options) {
  const dbPrefix = options.dbPrefix ?? 'roster';
  const ports = {};
  for (const name of Object.keys(DEFAULT_PORTS))
    ports[name] = options.randomPorts ? await freePort() : DEFAULT_PORTS[name];
  for (const app of APPS) {
    if (!fs.existsSync(entryOf(app)))
      throw new Error(`${entryOf(app)} is missing: build first (npx nx run-many -t build)`);
  }
  if (options.logDir) fs.mkdirSync(options.logDir, { recursive: true });

  const running = [];
  const envs = {};
  const common = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    NATS_URL: options.natsUrl,
    NATS_PREFIX: options.natsPrefix ?? '',
    // Pretty lines only when `npm start` itself runs in a terminal (the apps' own output is piped).
    LOG_PRETTY: process.env.LOG_PRETTY ?? (process.stdout.isTTY && !options.logDir ? 'true' : 'false'),
    ...options.env,
  };
  const launch = (app) => {
    const env = { ...common, APP_NAME: app, ...(options.appEnv?.[app] ?? {}) };
    if (app === 'integrations')
      env.INTEGRATIONS_ENCRYPTION_KEYS ??= devEncryptionKeys(options.logDir, 'integrations');
    if (app === 'auth') env.AUTH_ENCRYPTION_KEYS ??= devEncryptionKeys(options.logDir, 'auth');
    if (app === 'gateway') {
      env.PORT = String(ports.gateway);
      env.METRICS_PORT = String(ports.gatewayMetrics);
    } else {
      env.HTTP_PORT = String(ports[app]);
      env.DATABASE_URL = databaseUrl(options.databaseUrl, dbPrefix, app);
      env.DATABASE_CREATE = 'true';
    }
    envs[app] = env;
    const proc = spawn(process.execPath, [...nodeArgsFor(env), ...(options.nodeArgs ?? []), entryOf(app)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (options.logDir) {
      const file = fs.createWriteStream(path.join(options.logDir, `${app}.log`), { flags: 'a' });
      proc.stdout.pipe(file);
      proc.stderr.pipe(file);
    } else {
      pipeWithPrefix(proc.stdout, app, process.stdout);
      pipeWithPrefix(proc.stderr, app, process.stderr);
    }
    running.push({ name: app, proc, port: ports[app] });
    return proc;
  };

  const stop = async () => {
    await Promise.all(
      running.map(
        ({ proc }) =>
          new Promise((resolve) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
            const kill = setTimeout(() => proc.kill('SIGKILL'), 15_000);
            proc.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            proc.kill('SIGTERM');
          }),
      ),
    );
  };

  try {
    // Services first (they create their databases and streams), then the gateway.
    const services = SERVICES.map((app) => ({ app, proc: launch(app) }));
    await Promise.all(
      services.map(({ app, proc }) =>
        waitReady(`http://127.0.0.1:${ports[app]}/health/ready`, proc, app, 90_000),
      ),
    );
    const gateway = launch('gateway');
    await waitReady(`http://127.0.0.1:${ports.gateway}/health/ready`, gateway, 'gateway', 60_000);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    ports,
    apps: running,
    databaseUrlOf: (context) => databaseUrl(options.databaseUrl, dbPrefix, context),
    /** The environment each app was started with (to start another replica alike). */
    envOf: (app) => ({ ...envs[app] }),
    stop,
  };
}

module.exports = {
  APPS,
  SERVICES,
  DEFAULT_PORTS,
  ROOT,
  databaseUrl,
  entryOf,
  freePort,
  nodeArgsFor,
  startPlatform,
};
