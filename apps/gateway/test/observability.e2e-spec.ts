import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CollectedSpan, eventually } from '@roster/testing';
import { api, expectProblem, newUser, PASSWORD, platform, SignedUpUser } from './support';

const APPS = ['gateway', 'auth', 'directory', 'billing', 'integrations'];

function logLines(app: string): Array<Record<string, unknown>> {
  return readFileSync(`${platform().logDir}/${app}.log`, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

function spans(): CollectedSpan[] {
  try {
    return readFileSync(`${platform().logDir}/traces.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

const mentions = (line: Record<string, unknown>, id: string) => JSON.stringify(line).includes(id);

describe('operability: logs, correlation, metrics, traces', () => {
  const client = api();
  let user: SignedUpUser;
  let companyId: string;
  const requestId = `corr-${randomUUID()}`;

  beforeAll(async () => {
    user = await newUser('ops');
    const res = await client.request('POST', '/api/v1/companies', {
      body: { name: 'Observed Co' },
      token: user.accessToken,
      headers: { 'x-request-id': requestId },
    });
    expect(res.status).toBe(201);
    companyId = res.body.id;
    // Wait until both consumers have handled the company's creation.
    await eventually(
      async () =>
        (await client.get(`/api/v1/companies/${companyId}/billing/account`, user.accessToken)).status === 200,
    );
    await eventually(
      async () =>
        (await client.get(`/api/v1/companies/${companyId}/integrations/tenant`, user.accessToken)).status ===
        200,
    );
  });

  it('writes JSON lines with level, time and app in every app', () => {
    for (const app of APPS) {
      const lines = logLines(app);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines.slice(0, 20)) {
        expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String), app });
      }
    }
  });

  it('follows one request id from the gateway through directory into the billing and integrations consumers', async () => {
    await eventually(async () => {
      for (const app of ['gateway', 'directory', 'billing', 'integrations']) {
        if (!logLines(app).some((line) => mentions(line, requestId)))
          throw new Error(`no line of ${app} mentions ${requestId}`);
      }
      return true;
    });
    const consumerLine = logLines('billing').find((line) => mentions(line, requestId))!;
    expect(consumerLine).toMatchObject({
      correlationId: requestId,
      tenantId: companyId,
      actorId: user.userId,
    });
    const rpcLine = logLines('directory').find(
      (line) => mentions(line, requestId) && line.subject === 'directory.company.create.v1',
    );
    expect(rpcLine).toMatchObject({ correlationId: requestId, actorId: user.userId, outcome: 'ok' });
  });

  it('never logs passwords or tokens', async () => {
    const secretUser = await newUser('secret');
    const refreshed = await client.post('/api/v1/auth/refresh', { refreshToken: secretUser.refreshToken });
    expect(refreshed.status).toBe(200);
    await client.post('/api/v1/auth/login', { email: secretUser.email, password: 'a wrong password!' });
    await client.get('/api/v1/me', secretUser.accessToken);
    await new Promise((r) => setTimeout(r, 500));
    const secrets = [
      PASSWORD,
      secretUser.accessToken,
      secretUser.refreshToken,
      refreshed.body.accessToken,
      refreshed.body.refreshToken,
    ];
    for (const app of APPS) {
      const text = readFileSync(`${platform().logDir}/${app}.log`, 'utf8');
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    }
  });

  it('serves Prometheus metrics on the gateway’s metrics port, not through the public API', async () => {
    expectProblem(await client.get('/metrics'), 404);
    expectProblem(await client.get('/api/v1/metrics'), 404);
    const res = await fetch(`http://127.0.0.1:${platform().ports.gatewayMetrics}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/companies"[^}]*status_code="201"/,
    );
    expect(text).toMatch(
      /nats_request_duration_seconds_count\{subject="directory\.company\.create\.v1",outcome="ok"\} [1-9]/,
    );
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('serves each service’s metrics on its internal port: handlers, outbox, consumer lag, pool', async () => {
    const scrape = async (app: string) =>
      (await fetch(`http://127.0.0.1:${platform().ports[app]}/metrics`)).text();
    const directory = await scrape('directory');
    expect(directory).toMatch(
      /rpc_handler_duration_seconds_count\{subject="directory\.company\.create\.v1",outcome="ok"\} [1-9]/,
    );
    expect(directory).toMatch(/^outbox_backlog \d+/m);
    expect(directory).toMatch(/^outbox_oldest_unsent_age_seconds [\d.]+/m);
    expect(directory).toMatch(/db_pool_connections\{state="total"\} \d+/);
    const billing = await scrape('billing');
    expect(billing).toMatch(
      /jetstream_consumer_pending\{consumer="billing--directory_events_company_created"\} \d+/,
    );
    expect(billing).toMatch(
      /jetstream_events_handled_total\{consumer="billing--directory_events_company_created",outcome="processed"\} [1-9]/,
    );
    expect(billing).toMatch(
      /nats_request_duration_seconds_count\{subject="directory\.company\.check-access\.v1",outcome="ok"\} [1-9]/,
    );
    const auth = await scrape('auth');
    expect(auth).toMatch(/auth_logins_total\{outcome="success"\} [1-9]/);
    expect(auth).toMatch(/auth_logins_total\{outcome="failure"\} [1-9]/);
  });

  it('traces a request from the gateway through directory and its database into the consumers', async () => {
    const trace = await eventually(
      async () => {
        const all = spans();
        const root = all.find(
          (s) => s.service === 'gateway' && s.attributes['roster.request_id'] === requestId,
        );
        if (!root) return null;
        const inTrace = all.filter((s) => s.traceId === root.traceId);
        const services = new Set(inTrace.map((s) => s.service));
        const hasDb = inTrace.some((s) => s.service === 'directory' && /INSERT|pg\./i.test(s.name));
        return services.has('directory') && services.has('billing') && services.has('integrations') && hasDb
          ? inTrace
          : null;
      },
      { timeoutMs: 15_000 },
    );
    const names = trace.map((s) => `${s.service}:${s.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'gateway:POST /api/v1/companies',
        'gateway:nats request directory.company.create.v1',
        'directory:rpc directory.company.create.v1',
        'billing:event directory.events.company.created',
        'integrations:event directory.events.company.created',
      ]),
    );
  });
});
