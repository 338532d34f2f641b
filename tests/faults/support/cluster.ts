import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { connect, JetStreamManager, NatsConnection } from 'nats';
import { entryOf, freePortForTests, newRunId } from '@roster/testing';
import {
  portOpen,
  PrivateNats,
  PrivatePostgres,
  startPrivateNats,
  startPrivatePostgres,
  waitFor,
} from './infra';

// eslint-disable-next-line @typescript-eslint/no-require-imports, @nx/enforce-module-boundaries -- a script, not a project
const launcher = require('../../../scripts/lib/platform.cjs') as {
  startPlatform(options: Record<string, unknown>): Promise<{
    gatewayUrl: string;
    ports: Record<string, number>;
    apps: Array<{ name: string; proc: ChildProcess; port: number }>;
    databaseUrlOf(context: string): string;
    envOf(app: string): Record<string, string>;
    stop(): Promise<void>;
  }>;
  ROOT: string;
  nodeArgsFor(env: Record<string, string | undefined>): string[];
};

export type AppName = 'gateway' | 'auth' | 'directory' | 'billing' | 'integrations';
export const SERVICES: AppName[] = ['auth', 'directory', 'billing', 'integrations'];

interface Running {
  proc: ChildProcess;
  env: Record<string, string>;
}

/** Resolves with the exit code, or the signal's name when the process ended by a signal. */
export const exited = (proc: ChildProcess) =>
  new Promise<number | string | null>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode ?? proc.signalCode);
    proc.once('exit', (code, signal) => resolve(code ?? signal));
  });

/**
 * The platform under test: a private Postgres cluster and nats-server (so they can be stopped), the five
 * apps as processes started by the same launcher as `npm start`, and handles to stop, kill and restart
 * any of them.
 */
export class FaultCluster {
  readonly runId = newRunId('f');
  readonly logDir = path.join(launcher.ROOT, 'tmp', 'logs', this.runId);
  readonly tmp = fs.mkdtempSync(path.join(os.tmpdir(), `roster-faults-${this.runId}-`));
  pg!: PrivatePostgres;
  nats!: PrivateNats;
  private readonly apps = new Map<AppName, Running>();
  private readonly extra: ChildProcess[] = [];
  private launched?: Awaited<ReturnType<typeof launcher.startPlatform>>;
  private admin?: NatsConnection;

  async start(env: Record<string, string>, appEnv: Record<string, Record<string, string>> = {}) {
    fs.chmodSync(this.tmp, 0o755); // Postgres runs as its own user when we are root
    this.pg = await startPrivatePostgres(path.join(this.tmp, 'pg'), await freePortForTests());
    this.nats = await startPrivateNats(path.join(this.tmp, 'nats'), await freePortForTests());
    this.launched = await launcher.startPlatform({
      databaseUrl: this.pg.url,
      natsUrl: this.nats.url,
      dbPrefix: 'roster',
      natsPrefix: this.runId,
      randomPorts: true,
      logDir: this.logDir,
      env: {
        LOG_LEVEL: 'info',
        SHUTDOWN_GRACE_MS: '5000',
        // The load comes from a handful of users on one address: the API rate limits would refuse it.
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
        ...env,
      },
      appEnv,
    });
    for (const { name, proc } of this.launched.apps)
      this.apps.set(name as AppName, { proc, env: this.launched.envOf(name) });
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.apps.get('gateway')!.env.PORT}`;
  }

  proc(app: AppName): ChildProcess {
    return this.apps.get(app)!.proc;
  }

  env(app: AppName): Record<string, string> {
    return { ...this.apps.get(app)!.env };
  }

  alive(app: AppName): boolean {
    const { proc } = this.apps.get(app)!;
    return proc.exitCode === null && proc.signalCode === null;
  }

  private readyUrl(env: Record<string, string>): string {
    return `http://127.0.0.1:${env.PORT ?? env.HTTP_PORT}/health/ready`;
  }

  /** Spawns an app with `env` (appending to its log) and waits until it reports ready. */
  async spawn(app: AppName, env: Record<string, string>): Promise<ChildProcess> {
    const log = fs.createWriteStream(path.join(this.logDir, `${app}.log`), { flags: 'a' });
    const proc = spawn(process.execPath, [...launcher.nodeArgsFor(env), entryOf(app)], {
      cwd: launcher.ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout.pipe(log);
    proc.stderr.pipe(log);
    const url = this.readyUrl(env);
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`${app} exited with ${proc.exitCode} while starting`);
        return fetch(url, { signal: AbortSignal.timeout(1000) }).then(
          (r) => r.ok,
          () => false,
        );
      },
      60_000,
      `${app} was not ready`,
    );
    return proc;
  }

  /** Starts (again) the app's main instance, with extra environment (e.g. ROSTER_FAULT_INJECT). */
  async startApp(app: AppName, extraEnv: Record<string, string | undefined> = {}): Promise<void> {
    const base = this.launched!.envOf(app);
    const env: Record<string, string> = { ...base, ...this.portsOf(app) };
    for (const [k, v] of Object.entries(extraEnv)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    if (!('ROSTER_FAULT_INJECT' in extraEnv)) delete env.ROSTER_FAULT_INJECT;
    const proc = await this.spawn(app, env);
    this.apps.set(app, { proc, env });
  }

  private portsOf(app: AppName): Record<string, string> {
    const current = this.apps.get(app)?.env ?? this.launched!.envOf(app);
    return app === 'gateway'
      ? { PORT: current.PORT, METRICS_PORT: current.METRICS_PORT }
      : { HTTP_PORT: current.HTTP_PORT };
  }

  /** Sends a signal to the app's main instance; resolves with how it ended. */
  async stopApp(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string | null> {
    const { proc } = this.apps.get(app)!;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return exited(proc);
  }

  async restartApp(app: AppName, extraEnv: Record<string, string | undefined> = {}): Promise<void> {
    await this.stopApp(app);
    await this.startApp(app, extraEnv);
  }

  /**
   * Replaces the app's main instance by a new one on fresh ports (started first, so there is always
   * one instance): the rolling-restart step. Returns the old process, still running.
   */
  async startReplacement(app: AppName): Promise<{ old: ChildProcess; env: Record<string, string> }> {
    const old = this.apps.get(app)!;
    const env = { ...old.env };
    if (app === 'gateway') {
      env.PORT = String(await freePortForTests());
      env.METRICS_PORT = String(await freePortForTests());
    } else env.HTTP_PORT = String(await freePortForTests());
    const proc = await this.spawn(app, env);
    this.apps.set(app, { proc, env });
    this.extra.push(old.proc);
    return { old: old.proc, env };
  }

  /** After a test (passed or failed): every app running again, without fault injection or overrides. */
  async heal(): Promise<void> {
    if (!(await portOpen(this.nats.port))) await this.nats.start();
    if (!(await portOpen(this.pg.port))) await this.pg.start();
    for (const app of [...SERVICES, 'gateway'] as AppName[]) {
      const base = this.launched!.envOf(app);
      const current = this.apps.get(app)!.env;
      const tampered = current.ROSTER_FAULT_INJECT || current.EVENT_ACK_WAIT_MS !== base.EVENT_ACK_WAIT_MS;
      if (!this.alive(app)) await this.startApp(app);
      else if (tampered) await this.restartApp(app);
    }
  }

  /** The app's Prometheus metrics as `name{labels}` → value. */
  async metrics(app: AppName): Promise<Map<string, number>> {
    const env = this.apps.get(app)!.env;
    const port = app === 'gateway' ? env.METRICS_PORT : env.HTTP_PORT;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const out = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const i = line.lastIndexOf(' ');
      out.set(line.slice(0, i), Number(line.slice(i + 1)));
    }
    return out;
  }

  /** Sum of the samples of one metric whose labels contain every given `key="value"`. */
  async metricSum(app: AppName, name: string, labels: Record<string, string> = {}): Promise<number> {
    let sum = 0;
    for (const [key, value] of await this.metrics(app)) {
      if (!(key === name || key.startsWith(`${name}{`))) continue;
      if (Object.entries(labels).every(([k, v]) => key.includes(`${k}="${v}"`))) sum += value;
    }
    return sum;
  }

  /** The connection string of a context's database (for a test's own long-lived client). */
  databaseUrl(context: AppName): string {
    return this.launched!.databaseUrlOf(context);
  }

  async query<T = Record<string, unknown>>(
    context: AppName,
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    const client = new Client({ connectionString: this.launched!.databaseUrlOf(context) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  log(app: AppName): string {
    return fs.readFileSync(path.join(this.logDir, `${app}.log`), 'utf8');
  }

  /** A NATS connection of the test itself (reconnecting), for JetStream inspection and injection. */
  async natsAdmin(): Promise<{ nc: NatsConnection; jsm: JetStreamManager }> {
    this.admin ??= await connect({
      servers: this.nats.url,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    return { nc: this.admin, jsm: await this.admin.jetstreamManager() };
  }

  subject(subject: string): string {
    return `${this.runId}.${subject}`;
  }

  stream(name: string): string {
    return `${this.runId}_${name}`;
  }

  async destroy(): Promise<void> {
    await this.admin?.close().catch(() => undefined);
    const all = [...[...this.apps.values()].map((r) => r.proc), ...this.extra];
    await Promise.all(
      all.map(async (proc) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.kill('SIGTERM');
        await exited(proc);
        clearTimeout(timer);
      }),
    );
    await this.launched?.stop().catch(() => undefined);
    await this.nats?.stop('SIGTERM');
    this.pg?.stop();
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}
