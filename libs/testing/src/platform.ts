import { dropDatabases } from './test-database';
import { deleteStreams } from './nats-cleanup';
import { newRunId } from './run-id';

// The launcher is plain CommonJS shared with `npm start` (scripts/lib/platform.cjs).
// eslint-disable-next-line @typescript-eslint/no-require-imports, @nx/enforce-module-boundaries -- a script, not a project
const launcher = require('../../../scripts/lib/platform.cjs') as {
  startPlatform(options: Record<string, unknown>): Promise<LaunchedPlatform>;
  entryOf(app: string): string;
  freePort(): Promise<number>;
  ROOT: string;
};

interface LaunchedPlatform {
  gatewayUrl: string;
  ports: Record<string, number>;
  apps: Array<{ name: string; proc: import('node:child_process').ChildProcess; port: number }>;
  databaseUrlOf(context: string): string;
  envOf(app: string): Record<string, string>;
  stop(): Promise<void>;
}

/** A free TCP port on loopback (for an extra replica started by a test): the launcher's own finder. */
export const freePortForTests = (): Promise<number> => launcher.freePort();

/** Path of an app's built entry point (to start another replica in a test). */
export const entryOf = (app: string): string => launcher.entryOf(app);

export interface TestPlatform extends LaunchedPlatform {
  runId: string;
  natsPrefix: string;
  logDir: string;
  /** Stops the apps and removes the run's databases and streams. */
  destroy(): Promise<void>;
}

/**
 * Boots the whole platform (built apps, separate processes, free ports) for one test run, with
 * databases `roster_<runId>_<context>` and NATS prefix `<runId>`, so parallel runs never meet.
 */
export async function startTestPlatform(
  options: {
    runId?: string;
    env?: Record<string, string>;
    appEnv?: Record<string, Record<string, string>>;
  } = {},
): Promise<TestPlatform> {
  const runId = options.runId ?? newRunId('e');
  const dbPrefix = `roster_${runId}`;
  const logDir = `${launcher.ROOT}/tmp/logs/${runId}`;
  const databaseUrl = process.env.DATABASE_URL!;
  const natsUrl = process.env.NATS_URL!;
  const cleanUp = async () => {
    await dropDatabases(dbPrefix, databaseUrl).catch(() => undefined);
    await deleteStreams(runId, natsUrl).catch(() => undefined);
  };
  const platform = await launcher
    .startPlatform({
      databaseUrl,
      natsUrl,
      dbPrefix,
      natsPrefix: runId,
      randomPorts: true,
      logDir,
      env: { LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '5000', ...options.env },
      appEnv: options.appEnv,
    })
    .catch(async (error: unknown) => {
      await cleanUp(); // a failed start leaves nothing behind either
      throw error;
    });
  return {
    ...platform,
    runId,
    natsPrefix: runId,
    logDir,
    destroy: async () => {
      await platform.stop();
      await cleanUp();
    },
  };
}
