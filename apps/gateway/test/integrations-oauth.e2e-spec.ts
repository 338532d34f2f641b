import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Client } from 'pg';
import { api, expectProblem, newUser, platform, SignedUpUser } from './support';

/**
 * A stand-in OAuth 2.0 token endpoint (RFC 6749 §4.1.3) on the port integrations is configured with
 * (global-setup: OAUTH_*_TOKEN_URL). It accepts each code it issued once, for the redirect URI and client it
 * was issued for; it can hang (to prove the exchange times out) or fail (503).
 */
class TokenEndpointStandIn {
  readonly requests: Array<{ path: string; form: URLSearchParams }> = [];
  /** code → the redirect URI it is valid for. */
  readonly codes = new Map<string, string>();
  mode: 'up' | 'down' | 'hang' = 'up';
  private server?: Server;
  private readonly hanging: ServerResponse[] = [];

  async start(port: number): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.hanging.forEach((r) => r.destroy());
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const path = req.url ?? '/';
      this.requests.push({ path, form });
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (this.mode === 'hang') return void this.hanging.push(res);
      if (this.mode === 'down') return reply(503, { error: 'temporarily_unavailable' });
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-www-form-urlencoded')
        return reply(400, { error: 'invalid_request' });
      const code = form.get('code') ?? '';
      const issuedFor = this.codes.get(code);
      const slack = path.startsWith('/slack/');
      if (
        form.get('grant_type') !== 'authorization_code' ||
        !issuedFor ||
        issuedFor !== form.get('redirect_uri')
      )
        return slack
          ? reply(200, { ok: false, error: 'invalid_code' })
          : reply(400, { error: 'invalid_grant' });
      this.codes.delete(code);
      if (slack)
        return reply(200, { ok: true, access_token: `xoxb-${code}`, token_type: 'bot', scope: 'users:read' });
      reply(200, {
        access_token: `at-${code}`,
        refresh_token: `rt-${code}`,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'User.Read.All',
      });
    });
  }
}

describe('OAuth-based integrations: activation, callback and token exchange', () => {
  const client = api();
  const tokens = new TokenEndpointStandIn();
  const REDIRECT = 'https://app.roster.test/oauth/return';
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let company: string;
  let other: string;

  const callback = (code: string, state: string) =>
    client.get(`/api/v1/integrations/oauth/callback?${new URLSearchParams({ code, state }).toString()}`);
  const activate = async (companyId: string, type: string, user = owner) => {
    const res = await client.post(
      `/api/v1/companies/${companyId}/integrations/oauth/${type}/activate`,
      { redirectUri: REDIRECT },
      user.accessToken,
    );
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as { integration: { id: string }; authorizationUrl: string; state: string };
  };
  const createCompany = async (name: string) => {
    const res = await client.post('/api/v1/companies', { name }, owner.accessToken);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    await tokens.start(platform().oauthPort!);
    [owner, member] = await Promise.all([newUser('oauth-owner'), newUser('oauth-member')]);
    [company, other] = await Promise.all([createCompany('OAuth Co'), createCompany('Other OAuth Co')]);
  });
  afterAll(() => tokens.stop());

  it('exchanges the code, stores the tokens sealed, activates the integration; the state works once', async () => {
    const started = await activate(company, 'microsoft365');
    expect(new URL(started.authorizationUrl).searchParams.get('state')).toBe(started.state);
    tokens.codes.set('code-ms-1', REDIRECT);

    const done = await callback('code-ms-1', started.state);
    expect({ status: done.status, body: done.body }).toMatchObject({
      status: 200,
      body: {
        id: started.integration.id,
        companyId: company,
        type: 'microsoft365',
        kind: 'oauth',
        status: 'active',
        secretsStored: ['accessToken', 'refreshToken'],
        config: { redirectUri: REDIRECT, tokenType: 'Bearer', scope: 'User.Read.All' },
      },
    });
    expect(JSON.stringify(done.body)).not.toContain('at-code-ms-1');
    // The exchange was RFC 6749's: form POST with the code, redirect URI and client credentials.
    const sent = tokens.requests.find((r) => r.form.get('code') === 'code-ms-1')!;
    expect(sent.path).toBe('/microsoft365/token');
    expect(Object.fromEntries(sent.form)).toMatchObject({
      grant_type: 'authorization_code',
      redirect_uri: REDIRECT,
      client_id: expect.any(String),
      client_secret: 'ms-client-secret',
    });
    const read = await client.get(
      `/api/v1/companies/${company}/integrations/microsoft365/${started.integration.id}`,
      owner.accessToken,
    );
    expect(read.body.status).toBe('active');

    // At rest the tokens are AES-256-GCM sealed, never plain; the state is kept only as a hash.
    const db = new Client({ connectionString: platform().env.integrations.DATABASE_URL });
    await db.connect();
    try {
      const row = await db.query('SELECT sealed_secrets, config FROM integrations WHERE id = $1', [
        started.integration.id,
      ]);
      expect(row.rows[0].sealed_secrets).toBeTruthy();
      expect(JSON.stringify(row.rows[0])).not.toContain('at-code-ms-1');
      expect(JSON.stringify(row.rows[0])).not.toContain('rt-code-ms-1');
      const states = await db.query('SELECT state_hash FROM oauth_states WHERE integration_id = $1', [
        started.integration.id,
      ]);
      expect(states.rows[0].state_hash).not.toBe(started.state);
    } finally {
      await db.end();
    }

    // Reused state: 400, and the provider is not asked again.
    tokens.codes.set('code-ms-2', REDIRECT);
    const asked = tokens.requests.length;
    const again = await callback('code-ms-2', started.state);
    expectProblem(again, 400, 'VALIDATION_FAILED');
    expect(again.body.errors).toEqual([{ field: 'state', message: 'already used' }]);
    expect(tokens.requests.length).toBe(asked);
  });

  it('refuses unknown and expired states, missing parameters, and a code the provider refuses', async () => {
    const unknown = await callback('whatever', 'not-a-state-we-issued');
    expectProblem(unknown, 400);
    expect(unknown.body.errors).toEqual([{ field: 'state', message: 'unknown' }]);
    expectProblem(await client.get('/api/v1/integrations/oauth/callback?state=abc'), 400);
    expectProblem(await client.get('/api/v1/integrations/oauth/callback?code=abc'), 400);

    const stale = await activate(company, 'google-workspace');
    const db = new Client({ connectionString: platform().env.integrations.DATABASE_URL });
    await db.connect();
    try {
      await db.query(
        `UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE integration_id = $1`,
        [stale.integration.id],
      );
    } finally {
      await db.end();
    }
    tokens.codes.set('code-g-1', REDIRECT);
    const expired = await callback('code-g-1', stale.state);
    expectProblem(expired, 400);
    expect(expired.body.errors).toEqual([{ field: 'state', message: 'expired' }]);

    // Slack answers 200 {ok: false} for a bad code: still a refusal (400 naming the code), nothing activated.
    const slack = await activate(company, 'slack');
    const refused = await callback('never-issued', slack.state);
    expectProblem(refused, 400);
    expect(refused.body.errors[0].field).toBe('code');
    const pending = await client.get(
      `/api/v1/companies/${company}/integrations/slack/${slack.integration.id}`,
      owner.accessToken,
    );
    expect(pending.body).toMatchObject({ status: 'pending_authorization', secretsStored: [] });
  });

  it('binds the state to its company and type: the integration is the one activated, and only it changes', async () => {
    const a = await activate(company, 'slack');
    const b = await activate(other, 'microsoft365');
    tokens.codes.set('code-s-1', REDIRECT);
    const done = await callback('code-s-1', a.state);
    expect(done.body).toMatchObject({
      id: a.integration.id,
      companyId: company,
      type: 'slack',
      status: 'active',
    });
    expect(done.body.secretsStored).toEqual(['accessToken']);
    const untouched = await client.get(
      `/api/v1/companies/${other}/integrations/microsoft365/${b.integration.id}`,
      owner.accessToken,
    );
    expect(untouched.body.status).toBe('pending_authorization');
    // Deleting the pending integration voids its state.
    expect(
      (
        await client.delete(
          `/api/v1/companies/${other}/integrations/microsoft365/${b.integration.id}`,
          owner.accessToken,
        )
      ).status,
    ).toBe(204);
    tokens.codes.set('code-ms-3', REDIRECT);
    expectProblem(await callback('code-ms-3', b.state), 400);
  });

  it('activation is for the company’s managers; the exchange has a timeout (503) and a down provider is 503', async () => {
    expectProblem(
      await client.post(`/api/v1/companies/${company}/integrations/oauth/slack/activate`, {
        redirectUri: REDIRECT,
      }),
      401,
    );
    expectProblem(
      await client.post(
        `/api/v1/companies/${company}/integrations/oauth/slack/activate`,
        { redirectUri: REDIRECT },
        member.accessToken,
      ),
      404,
    );
    const hung = await activate(company, 'microsoft365');
    tokens.codes.set('code-ms-4', REDIRECT);
    tokens.mode = 'hang';
    try {
      const started = Date.now();
      const res = await callback('code-ms-4', hung.state);
      expectProblem(res, 503);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      tokens.mode = 'up';
    }
    const down = await activate(company, 'microsoft365');
    tokens.mode = 'down';
    try {
      expectProblem(await callback('code-ms-4', down.state), 503);
    } finally {
      tokens.mode = 'up';
    }
  });
});
