import { spawn } from 'node:child_process';
import { ApiClient, entryOf, freePortForTests } from '@roster/testing';
import { startReplica } from './replica';
import { expectProblem, newUser, platform, SignedUpUser } from './support';

jest.setTimeout(45_000);

/**
 * The suite's gateway runs with limits high enough for the tests; here a replica with tiny budgets
 * shows the limits themselves.
 */
describe('API rate limits', () => {
  let gateway: Awaited<ReturnType<typeof startReplica>>;
  let client: ApiClient;
  let alice: SignedUpUser;
  let bob: SignedUpUser;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([newUser('rl-alice'), newUser('rl-bob')]);
    const port = await freePortForTests();
    gateway = await startReplica('gateway', {
      PORT: String(port),
      METRICS_PORT: '0',
      RATE_LIMIT_PER_MINUTE: '5',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
    });
    client = new ApiClient(`http://127.0.0.1:${port}`);
  });

  afterAll(() => gateway?.kill('SIGTERM'));

  it('refuses a user beyond the per-minute budget with 429, Retry-After and a problem body', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.get('/api/v1/me', alice.accessToken)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await client.get('/api/v1/companies', alice.accessToken);
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts each user separately', async () => {
    expect((await client.get('/api/v1/me', bob.accessToken)).status).toBe(200);
  });

  it('gives anonymous callers a tighter budget per client IP', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.77' }; // the suite trusts loopback as a proxy
    const body = { email: 'nobody@example.com', password: 'wrong password here' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await client.request('POST', '/api/v1/auth/login', { body, headers: ip })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
    // Another address still gets through.
    const other = await client.request('POST', '/api/v1/auth/login', {
      body,
      headers: { 'x-forwarded-for': '203.0.113.78' },
    });
    expect(other.status).toBe(401);
  });

  it('never limits the health probes', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 8; i++) statuses.add((await client.get('/health/ready')).status);
    expect([...statuses]).toEqual([200]);
  });

  it('refuses to start with the benchmark-only "authentication off" switch in production', async () => {
    const env = {
      ...platform().env.gateway,
      PORT: String(await freePortForTests()),
      METRICS_PORT: '0',
      NODE_ENV: 'production',
      INSECURE_BENCH_ACTOR_ID: alice.userId,
    };
    delete (env as Record<string, string>).ROSTER_BENCH;
    const proc = spawn(process.execPath, [entryOf('gateway')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => proc.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toContain('INSECURE_BENCH_ACTOR_ID');
  });
});
