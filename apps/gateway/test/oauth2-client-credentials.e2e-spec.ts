import { decodeJwt } from 'jose';
import { eventually } from '@roster/testing';
import { api, expectProblem, newUser, SignedUpUser } from './support';

const REDIRECT = 'https://app.example/callback';

const basic = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

interface App {
  clientId: string;
  clientSecret: string;
}

describe('OAuth2 client_credentials grant', () => {
  const client = api();
  let owner: SignedUpUser;
  let otherOwner: SignedUpUser;
  let companyId: string;
  let otherCompanyId: string;

  const createApp = async (body: Record<string, unknown> = {}): Promise<App> => {
    const res = await client.post(
      `/api/v1/companies/${companyId}/oauth-apps`,
      { title: 'Sync robot', redirectUris: [REDIRECT], clientCredentialsScopes: ['companies:read'], ...body },
      owner.accessToken,
    );
    expect(res.status).toBe(201);
    return res.body;
  };

  const token = (app: App, body: Record<string, string> = {}, auth = basic(app.clientId, app.clientSecret)) =>
    client.request('POST', '/api/v1/oauth2/token', {
      rawBody: new URLSearchParams({ grant_type: 'client_credentials', ...body }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
    });

  const accessToken = async (app: App, body: Record<string, string> = {}): Promise<string> => {
    const res = await token(app, body);
    expect(res.status).toBe(200);
    return res.body.access_token;
  };

  const members = (bearer: string, company = companyId) =>
    client.get(`/api/v1/companies/${company}/members`, bearer);

  beforeAll(async () => {
    [owner, otherOwner] = await Promise.all([newUser('cc-owner'), newUser('cc-other')]);
    companyId = (await client.post('/api/v1/companies', { name: 'CC Co' }, owner.accessToken)).body.id;
    otherCompanyId = (await client.post('/api/v1/companies', { name: 'CC Other' }, otherOwner.accessToken))
      .body.id;
  });

  it('issues a token for the application itself: its scopes, its company, no refresh token', async () => {
    const app = await createApp({ clientCredentialsScopes: ['companies:read', 'billing:read'] });
    const got = await client.get(
      `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}`,
      owner.accessToken,
    );
    expect(got.body.clientCredentialsScopes).toEqual(['companies:read', 'billing:read']);
    const res = await token(app);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'companies:read billing:read' });
    expect(res.body.refresh_token).toBeUndefined();
    expect(res.body.expires_in).toBeGreaterThan(0);
    expect(decodeJwt(res.body.access_token)).toMatchObject({
      sub: app.clientId,
      client_id: app.clientId,
      company_id: companyId,
      scope: 'companies:read billing:read',
    });
    // Asking for less gives less.
    const narrow = await token(app, { scope: 'companies:read' });
    expect(narrow.body.scope).toBe('companies:read');
  });

  it('authenticates the client by form too, and refuses a wrong secret or an unknown client alike (401)', async () => {
    const app = await createApp();
    const form = await client.request('POST', '/api/v1/oauth2/token', {
      rawBody: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(200);
    expectProblem(await token(app, {}, basic(app.clientId, 'rcs_wrong')), 401, 'UNAUTHENTICATED');
    expectProblem(await token(app, {}, basic('rcl_unknown', app.clientSecret)), 401, 'UNAUTHENTICATED');
    expectProblem(
      await client.post('/api/v1/oauth2/token', { grant_type: 'client_credentials' }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('refuses a scope the application is not allowed, and applications without any (400)', async () => {
    const app = await createApp();
    const refused = expectProblem(
      await token(app, { scope: 'companies:read billing:read' }),
      400,
      'INVALID_SCOPE',
    );
    expect(refused.errors).toEqual([{ field: 'scope', message: expect.stringContaining('billing:read') }]);
    expectProblem(await token(app, { scope: 'account:read' }), 400, 'INVALID_SCOPE');
    const userOnly = await createApp({ clientCredentialsScopes: undefined });
    expectProblem(await token(userOnly), 400, 'UNAUTHORIZED_CLIENT');
    // Only company scopes may be allowed at all.
    expectProblem(
      await client.post(
        `/api/v1/companies/${companyId}/oauth-apps`,
        { title: 'Bad', redirectUris: [REDIRECT], clientCredentialsScopes: ['account:read'] },
        owner.accessToken,
      ),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('reaches its own company’s members with companies:read, and nothing beyond its scopes or company', async () => {
    const app = await createApp({ clientCredentialsScopes: ['companies:read', 'billing:read'] });
    const bearer = await accessToken(app);
    const list = await members(bearer);
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: any) => m.userId)).toEqual([owner.userId]);
    expect((await client.get(`/api/v1/companies/${companyId}/members/${owner.userId}`, bearer)).status).toBe(
      200,
    );
    // Another company does not exist for it.
    expectProblem(await members(bearer, otherCompanyId), 404, 'NOT_FOUND');
    // Routes that need a user, and writes, are refused even with a matching scope.
    expectProblem(await client.get('/api/v1/companies', bearer), 403, 'FORBIDDEN');
    expectProblem(await client.get(`/api/v1/companies/${companyId}/billing/subscription`, bearer), 403);
    expectProblem(await client.get(`/api/v1/companies/${otherCompanyId}/billing/subscription`, bearer), 403);
    // Routes outside its scopes, and routes closed to scoped tokens.
    expectProblem(await client.get(`/api/v1/companies/${companyId}/integrations`, bearer), 403, 'FORBIDDEN');
    expectProblem(await client.get('/api/v1/me/sessions', bearer), 403, 'FORBIDDEN');
    expectProblem(
      await client.post(
        `/api/v1/companies/${companyId}/oauth-apps`,
        { title: 'x', redirectUris: [REDIRECT] },
        bearer,
      ),
      403,
      'FORBIDDEN',
    );
    const writer = await accessToken(await createApp({ clientCredentialsScopes: ['companies:write'] }));
    expectProblem(
      await client.patch(`/api/v1/companies/${companyId}`, { name: 'Renamed by a robot' }, writer),
      403,
      'FORBIDDEN',
    );
    expect((await client.get(`/api/v1/companies/${companyId}`, owner.accessToken)).body.name).toBe('CC Co');
  });

  it('a deactivated application gets no token and its tokens stop at once; reactivated, new ones work', async () => {
    const app = await createApp();
    const bearer = await accessToken(app);
    expect((await members(bearer)).status).toBe(200);
    const patched = await client.patch(
      `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}`,
      { status: 'inactive' },
      owner.accessToken,
    );
    expect(patched.status).toBe(200);
    expectProblem(await token(app), 401, 'UNAUTHENTICATED');
    await eventually(async () => (await members(bearer)).status === 401, { timeoutMs: 1500 });
    await client.patch(
      `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}`,
      { status: 'active' },
      owner.accessToken,
    );
    expect((await members(bearer)).status).toBe(401);
    expect((await members(await accessToken(app))).status).toBe(200);
  });

  it('a secret reset stops the old secret and the tokens it obtained; deletion stops everything', async () => {
    const app = await createApp();
    const before = await accessToken(app);
    const reset = await client.post(
      `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}/reset-secret`,
      {},
      owner.accessToken,
    );
    expect(reset.status).toBe(200);
    expectProblem(await token(app), 401, 'UNAUTHENTICATED');
    await eventually(async () => (await members(before)).status === 401, { timeoutMs: 1500 });
    const renewed = { clientId: app.clientId, clientSecret: reset.body.clientSecret };
    const after = await accessToken(renewed);
    expect((await members(after)).status).toBe(200);

    const removed = await client.delete(
      `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}`,
      owner.accessToken,
    );
    expect(removed.status).toBe(204);
    expectProblem(await token(renewed), 401, 'UNAUTHENTICATED');
    await eventually(async () => (await members(after)).status === 401, { timeoutMs: 1500 });
  });

  it('narrowing the allowed scopes ends the tokens that may hold a withdrawn one', async () => {
    const app = await createApp({ clientCredentialsScopes: ['companies:read', 'billing:read'] });
    const bearer = await accessToken(app);
    await client.patch(
      `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}`,
      { clientCredentialsScopes: ['companies:read'] },
      owner.accessToken,
    );
    await eventually(async () => (await members(bearer)).status === 401, { timeoutMs: 1500 });
    expectProblem(await token(app, { scope: 'billing:read' }), 400, 'INVALID_SCOPE');
    expect((await members(await accessToken(app))).status).toBe(200);
  });
});
