import { ChildProcess, spawn } from 'node:child_process';
import { entryOf } from '@roster/testing';
import { platform } from './support';

/** Starts one more replica of an app with the suite's environment and its own ports. */
export async function startReplica(
  app: string,
  overrides: Record<string, string>,
): Promise<ChildProcess & { log: () => string }> {
  const env = { ...platform().env[app], ...overrides, LOG_PRETTY: 'false' };
  const proc = spawn(process.execPath, [entryOf(app)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const port = overrides.PORT ?? overrides.HTTP_PORT;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null)
      throw new Error(`${app} replica exited with ${proc.exitCode}: ${output.slice(-4000)}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return Object.assign(proc, { log: () => output });
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`${app} replica did not become ready: ${output.slice(-4000)}`);
}
