import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { entryOf, freePortForTests } from '@roster/testing';
import { startReplica } from './replica';
import { api, newUser, SignedUpUser } from './support';

/** Status code, or the socket error code (refused after the listener closed is fine; a reset is not). */
function getOnFreshConnection(port: number, path: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent: false, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
        res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end();
  });
}

/** Resolves with the exit code, or the signal's name when the process ended by a signal. */
const exited = (proc: ChildProcess) =>
  new Promise<number | string | null>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode ?? proc.signalCode);
    proc.once('exit', (code, signal) => resolve(code ?? signal));
  });

/** A clean stop: Nest re-raises the signal once its shutdown hooks are done; 1 would mean the grace ran out. */
const CLEAN_STOP = [0, 'SIGTERM'];

jest.setTimeout(45_000);

describe('graceful shutdown and configuration checks', () => {
  let user: SignedUpUser;

  beforeAll(async () => {
    user = await newUser('shutdown');
    expect((await api().post('/api/v1/companies', { name: 'Drain Co' }, user.accessToken)).status).toBe(201);
  });

  it('a directory replica stopped with SIGTERM during a burst leaves no request unanswered', async () => {
    const replica = await startReplica('directory', { HTTP_PORT: String(await freePortForTests()) });
    const client = api();
    const burst = Array.from({ length: 300 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i)); // spread over ~300 ms
      return client.get('/api/v1/companies', user.accessToken).then((r) => r.status);
    });
    setTimeout(() => replica.kill('SIGTERM'), 100);
    const statuses = await Promise.all(burst);
    expect(CLEAN_STOP).toContain(await exited(replica));
    // The queue group's other replica takes what the stopping one no longer subscribes to.
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('a gateway stopped with SIGTERM answers every request it accepted', async () => {
    const port = await freePortForTests();
    const gateway = await startReplica('gateway', {
      PORT: String(port),
      METRICS_PORT: String(await freePortForTests()),
    });
    const burst = Array.from({ length: 150 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 2));
      // One connection per request (no keep-alive pool), so every outcome is about this request alone.
      return getOnFreshConnection(port, '/api/v1/companies', user.accessToken);
    });
    setTimeout(() => gateway.kill('SIGTERM'), 80);
    const outcomes = await Promise.all(burst);
    expect(CLEAN_STOP).toContain(await exited(gateway));

    const served = outcomes.filter((o) => o === '200').length;
    expect(served).toBeGreaterThan(0);
    // After the listener closes, a connection is refused, or reset if the kernel had queued it but the
    // process never accepted it; neither reached the gateway, so nothing it accepted went unanswered:
    expect(outcomes.filter((o) => !['200', 'ECONNREFUSED', 'ECONNRESET'].includes(o))).toEqual([]);
    const lines = gateway
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; res?: { statusCode?: number }; req?: { url?: string } });
    const answered = lines.filter((l) => l.msg === 'request completed' && l.req?.url === '/api/v1/companies');
    expect(
      lines.filter((l) => /aborted|errored/.test(l.msg ?? '') && l.req?.url === '/api/v1/companies'),
    ).toEqual([]);
    expect(answered.length).toBe(served);
    expect(answered.every((l) => l.res?.statusCode === 200)).toBe(true);
  });

  it('an app with a missing or malformed variable exits 78 and names each variable', async () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NATS_URL: 'http://not-nats',
      HTTP_PORT: 'eighty',
    };
    const proc = spawn(process.execPath, [entryOf('directory')], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await exited(proc)).toBe(78);
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).toContain('NATS_URL');
    expect(stderr).toContain('HTTP_PORT');
  });
});
