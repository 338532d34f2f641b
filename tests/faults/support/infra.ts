import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => socket.end(() => resolve(true)));
    socket.once('error', () => resolve(false));
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} within ${timeoutMs} ms`);
}

const asRoot = process.getuid?.() === 0;

/** The command line of a Postgres binary: as the `postgres` system user when we are root (Postgres refuses root). */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/** Runs a Postgres binary (see pgCommand). */
function pgRun(bin: string, args: string[]): string {
  const [cmd, argv] = pgCommand(bin, args);
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The same, without blocking the event loop: the fault clients keep running (and their timestamps stay
 * true) while Postgres stops or starts. A synchronous call would freeze them and inflate the latencies
 * of the requests in flight by the duration of `pg_ctl`.
 */
function pgRunAsync(bin: string, args: string[]): Promise<string> {
  const [cmd, argv] = pgCommand(bin, args);
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`${bin} ${args.join(' ')}: ${error.message} ${stderr}`)) : resolve(stdout),
    ),
  );
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    : [];
  if (!versions.length) throw new Error('no Postgres server binaries under /usr/lib/postgresql/*/bin');
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0], 'bin');
}

export interface PrivatePostgres {
  url: string;
  port: number;
  start(): Promise<void>;
  /** `pg_ctl stop -m immediate`: no checkpoint, every connection cut (crash recovery at the next start). */
  stopImmediate(): Promise<void>;
  stop(): void;
}

/** A throw-away Postgres cluster of our own (initdb into `dir`), so the suite may stop and restart it. */
export async function startPrivatePostgres(dir: string, port: number): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const data = path.join(dir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  if (asRoot) execFileSync('chown', ['-R', 'postgres', dir]);
  pgRun(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const ctl = path.join(bin, 'pg_ctl');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      await pgRunAsync(ctl, [
        '-D',
        data,
        '-o',
        options,
        '-l',
        path.join(dir, 'postgres.log'),
        '-w',
        '-t',
        '30',
        'start',
      ]);
      await waitFor(() => portOpen(port), 10_000, 'Postgres did not open its port');
    },
    stopImmediate: async () => {
      await pgRunAsync(ctl, ['-D', data, '-m', 'immediate', 'stop']);
    },
    stop: () => {
      try {
        pgRun(ctl, ['-D', data, '-m', 'fast', 'stop']);
      } catch {
        // already stopped
      }
    },
  };
  await pg.start();
  return pg;
}

export interface PrivateNats {
  url: string;
  port: number;
  start(): Promise<void>;
  /** SIGTERM (a clean shutdown) or SIGKILL; resolves once the process is gone. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Our own `nats-server -js` child process with a file store in `dir` (kept across restarts). */
export async function startPrivateNats(dir: string, port: number): Promise<PrivateNats> {
  const binary = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'].find((p) =>
    fs.existsSync(p),
  );
  if (!binary) throw new Error('nats-server is not installed');
  fs.mkdirSync(dir, { recursive: true });
  let child: ChildProcess | undefined;
  const nats: PrivateNats = {
    url: `nats://127.0.0.1:${port}`,
    port,
    start: async () => {
      const log = fs.openSync(path.join(dir, 'nats.log'), 'a');
      child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
        stdio: ['ignore', log, log],
      });
      await waitFor(() => portOpen(port), 10_000, 'nats-server did not open its port');
    },
    stop: (signal) =>
      new Promise<void>((resolve) => {
        const proc = child;
        if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      }),
  };
  await nats.start();
  return nats;
}
