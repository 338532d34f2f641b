import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { entryOf, freePortForTests } from '@roster/testing';
import { api, expectProblem, newUser, platform } from './support';

describe('the gateway as a platform edge', () => {
  const client = api();

  it('serves liveness and readiness probes outside the API prefix', async () => {
    expect((await client.get('/health/live')).status).toBe(200);
    const ready = await client.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.nats.status).toBe('up');
  });

  it('serves an OpenAPI document generated from the controllers, and Swagger UI', async () => {
    const spec = await client.get('/api/v1/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/v1/auth/signup',
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/logout',
      '/api/v1/me',
      '/api/v1/companies',
      '/api/v1/companies/{companyId}',
    ]) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    expect(spec.body.components.schemas.CreateCompanyDto.properties.name.maxLength).toBe(120);
    const ui = await client.request('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });

  it('keeps a sane incoming request id and echoes it; invents one otherwise', async () => {
    const mine = await client.request('GET', '/health/live', {
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(mine.headers.get('x-request-id')).toBe('trace-12345678');
    const invented = await client.request('GET', '/health/live', {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    expectProblem(await client.get('/api/v1/nope'), 404, 'NOT_FOUND');
  });

  it('answers an oversized body with 413 before reading it', async () => {
    // The body is announced (Content-Length over the limit) but only begun: the gateway must answer from
    // the header alone. (Sending all 2 MB raced the gateway closing the connection after its answer: the
    // client's write then failed with EPIPE, before it read the 413.)
    const { status, contentType, body } = await new Promise<{
      status: number;
      contentType: string;
      body: string;
    }>((resolve, reject) => {
      const req = httpRequest(`${client.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(2_000_100) },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode!, contentType: String(res.headers['content-type']), body: text });
          req.destroy();
        });
      });
      req.write('{"email":"a@b.co","password":"xxxx');
    });
    expectProblem({ status, contentType, body: JSON.parse(body) }, 413, 'PAYLOAD_TOO_LARGE');
  });
});

describe('client address', () => {
  it('ignores X-Forwarded-For from a client the gateway does not trust as a proxy', async () => {
    const port = await freePortForTests();
    // The suite's gateway trusts loopback; this one trusts no proxy (the default).
    const env = {
      ...platform().env.gateway,
      PORT: String(port),
      METRICS_PORT: String(await freePortForTests()),
      TRUST_PROXY: 'false',
    };
    const proc = spawn(process.execPath, [entryOf('gateway')], { env, stdio: 'ignore' });
    try {
      for (let i = 0; i < 100; i++) {
        if (
          await fetch(`http://127.0.0.1:${port}/health/ready`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const user = await newUser('xff');
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/me/sessions`, {
        headers: { authorization: `Bearer ${user.accessToken}`, 'x-forwarded-for': '203.0.113.9' },
      });
      expect(res.status).toBe(200);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ email: user.email, password: 'correct horse battery staple' }),
      });
      const { sessionId } = (await login.json()) as { sessionId: string };
      const sessions = (await (
        await fetch(`http://127.0.0.1:${port}/api/v1/me/sessions?limit=100`, {
          headers: { authorization: `Bearer ${user.accessToken}` },
        })
      ).json()) as { items: Array<{ id: string; ip: string }> };
      expect(sessions.items.find((s) => s.id === sessionId)?.ip).toBe('127.0.0.1');
    } finally {
      proc.kill('SIGTERM');
    }
  });
});
