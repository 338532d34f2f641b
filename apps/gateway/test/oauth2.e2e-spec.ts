import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { eventually } from '@roster/testing';
import { authDb, outboxEvents } from './auth-support';
import { insertMembership } from './directory-events';
import { api, expectProblem, newUser, SignedUpUser } from './support';

const REDIRECT = 'https://app.example/callback';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const basic = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

const addMember = insertMembership;

describe('OAuth2 provider', () => {
  const client = api();
  let owner: SignedUpUser;
  let user: SignedUpUser;
  let companyId: string;
  let app: { clientId: string; clientSecret: string };

  const authorizeQuery = (params: Record<string, string>) =>
    new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid email profile:read',
      code_challenge_method: 'S256',
      ...params,
    }).toString();

  const authorize = async (who: SignedUpUser, extra: Record<string, string> = {}) => {
    const { verifier, challenge } = pkce();
    const res = await client.get(
      `/api/v1/oauth2/authorize?${authorizeQuery({ code_challenge: challenge, state: 'xyz', ...extra })}`,
      who.accessToken,
    );
    return { res, verifier };
  };

  const token = (body: Record<string, string>, auth = basic(app.clientId, app.clientSecret)) =>
    client.request('POST', '/api/v1/oauth2/token', {
      rawBody: new URLSearchParams(body).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
    });

  /** A full flow: approve, exchange. */
  const grant = async (who: SignedUpUser) => {
    const { res, verifier } = await authorize(who);
    expect(res.status).toBe(200);
    const exchanged = await token({
      grant_type: 'authorization_code',
      code: res.body.code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(exchanged.status).toBe(200);
    return exchanged.body;
  };

  beforeAll(async () => {
    [owner, user] = await Promise.all([newUser('oauth-owner'), newUser('oauth-user')]);
    companyId = (await client.post('/api/v1/companies', { name: 'OAuth Co' }, owner.accessToken)).body.id;
    const created = await client.post(
      `/api/v1/companies/${companyId}/oauth-apps`,
      {
        title: 'Timesheets',
        websiteUrl: 'https://app.example',
        redirectUris: [REDIRECT, 'http://localhost:8080/cb'],
      },
      owner.accessToken,
    );
    expect(created.status).toBe(201);
    app = created.body;
  });

  describe('company OAuth applications', () => {
    it('creates one with a client id and a secret shown once, stored only as an argon2id hash', async () => {
      expect(app).toMatchObject({
        clientId: expect.stringMatching(/^rcl_/),
        clientSecret: expect.stringMatching(/^rcs_/),
        companyId,
        title: 'Timesheets',
        status: 'active',
        authorizationsCount: 0,
        redirectUris: [REDIRECT, 'http://localhost:8080/cb'],
      });
      const got = await client.get(
        `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}`,
        owner.accessToken,
      );
      expect(got.status).toBe(200);
      expect(got.body.clientSecret).toBeUndefined();
      const [row] = await authDb(`SELECT secret_hash FROM oauth_clients WHERE client_id = $1`, [
        app.clientId,
      ]);
      expect(row.secret_hash).toMatch(/^\$argon2id\$/);
      const list = await client.get(`/api/v1/companies/${companyId}/oauth-apps`, owner.accessToken);
      expect(list.body).toMatchObject({ total: 1, items: [{ clientId: app.clientId }] });
    });

    it('refuses bad redirect URIs, naming them', async () => {
      const res = await client.post(
        `/api/v1/companies/${companyId}/oauth-apps`,
        {
          title: 'Bad',
          redirectUris: ['https://ok.example/cb', 'http://plain.example/cb', 'https://x.example/#f'],
        },
        owner.accessToken,
      );
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors.map((e: any) => e.field)).toEqual([
        'redirectUris.1',
        'redirectUris.2',
      ]);
    });

    it('404 to a non-member, 403 to a plain member; an admin may manage them', async () => {
      const [outsider, member, admin] = await Promise.all([
        newUser('o-out'),
        newUser('o-mem'),
        newUser('o-adm'),
      ]);
      const body = { title: 'X', redirectUris: [REDIRECT] };
      expectProblem(
        await client.post(`/api/v1/companies/${companyId}/oauth-apps`, body, outsider.accessToken),
        404,
      );
      expectProblem(await client.get(`/api/v1/companies/${companyId}/oauth-apps`, outsider.accessToken), 404);
      await addMember(companyId, member.userId, 'member');
      await addMember(companyId, admin.userId, 'admin');
      expectProblem(
        await client.post(`/api/v1/companies/${companyId}/oauth-apps`, body, member.accessToken),
        403,
      );
      const created = await client.post(`/api/v1/companies/${companyId}/oauth-apps`, body, admin.accessToken);
      expect(created.status).toBe(201);
      expect(
        (
          await client.delete(
            `/api/v1/companies/${companyId}/oauth-apps/${created.body.clientId}`,
            admin.accessToken,
          )
        ).status,
      ).toBe(204);
      expectProblem(
        await client.get(
          `/api/v1/companies/${companyId}/oauth-apps/${created.body.clientId}`,
          admin.accessToken,
        ),
        404,
      );
    });

    it('reset-secret: a new secret works, the old one stops at once', async () => {
      const other = (
        await client.post(
          `/api/v1/companies/${companyId}/oauth-apps`,
          { title: 'Rotating', redirectUris: [REDIRECT] },
          owner.accessToken,
        )
      ).body;
      const reset = await client.post(
        `/api/v1/companies/${companyId}/oauth-apps/${other.clientId}/reset-secret`,
        undefined,
        owner.accessToken,
      );
      expect(reset.status).toBe(200);
      expect(reset.body.clientSecret).not.toBe(other.clientSecret);
      const refreshWith = (secret: string) =>
        token({ grant_type: 'refresh_token', refresh_token: 'rt_nothing' }, basic(other.clientId, secret));
      expectProblem(await refreshWith(other.clientSecret), 401, 'UNAUTHENTICATED');
      // The new secret authenticates the client (the refresh token itself is then the problem).
      expectProblem(await refreshWith(reset.body.clientSecret), 401, 'INVALID_REFRESH_TOKEN');
    });
  });

  describe('application certificates', () => {
    // Self-signed P-256, CN=timesheets.example (made with openssl for this test).
    const PEM = `-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUceB21vSOMS84LTBe26v/FEil0WcwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSdGltZXNoZWV0cy5leGFtcGxlMB4XDTI2MTEyNTA0MTUwNloX
DTM2MTEyMjA0MTUwNlowHTEbMBkGA1UEAwwSdGltZXNoZWV0cy5leGFtcGxlMFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEwLWTlePIX8C6AalH0SsZto93DaTxWdsQ
QaomAB8D8MOhhVQ8ZbhcD5Ky9PaOTH4KmC4fAHtVm5JnbzNQtnHoi6NTMFEwHQYD
VR0OBBYEFEb3OE5TNgckAnlKRXkF7w5z1s5DMB8GA1UdIwQYMBaAFEb3OE5TNgck
AnlKRXkF7w5z1s5DMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh
ALMTvlmNESCRFhZk1u6WzMlwFfV7+sTNnIb3cpRSw5XbAiBLeaw3b4tUhAV+xiXV
Qn3sE97JUjklZRLYrrLnrrj3yQ==
-----END CERTIFICATE-----
`;
    const FINGERPRINT =
      'EB:E2:AA:66:EE:7C:0A:BF:43:3F:6E:31:D2:E8:98:E4:C0:05:D0:B1:2A:BC:D7:65:6A:EC:40:4A:14:A7:60:14';

    it('uploads, lists and removes a certificate; refuses garbage and duplicates', async () => {
      const base = `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}/certificates`;
      const added = await client.post(base, { certificate: PEM }, owner.accessToken);
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        id: expect.any(String),
        fingerprint: FINGERPRINT,
        subject: 'CN=timesheets.example',
        validFrom: '2026-11-25T04:15:06.000Z',
        validTo: '2036-11-22T04:15:06.000Z',
      });
      expectProblem(await client.post(base, { certificate: PEM }, owner.accessToken), 409, 'CONFLICT');
      const bad = await client.post(base, { certificate: 'not a certificate' }, owner.accessToken);
      expect(expectProblem(bad, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'certificate' }),
      ]);
      expect((await client.get(base, owner.accessToken)).body.items.map((c: any) => c.id)).toEqual([
        added.body.id,
      ]);
      expect((await client.delete(`${base}/${added.body.id}`, owner.accessToken)).status).toBe(204);
      expect((await client.get(base, owner.accessToken)).body.items).toEqual([]);
      expectProblem(await client.delete(`${base}/${added.body.id}`, owner.accessToken), 404);
    });
  });

  describe('authorization code flow with PKCE', () => {
    it('issues a code for the registered redirect URI, exchanges it once for tokens and an ID token', async () => {
      const { res, verifier } = await authorize(user, { nonce: 'n-123' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ code: expect.stringMatching(/^oac_/), state: 'xyz', expiresIn: 60 });
      const redirect = new URL(res.body.redirectTo);
      expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT);
      expect(redirect.searchParams.get('code')).toBe(res.body.code);
      expect(redirect.searchParams.get('state')).toBe('xyz');

      const exchanged = await token({
        grant_type: 'authorization_code',
        code: res.body.code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      });
      expect(exchanged.status).toBe(200);
      expect(exchanged.headers.get('cache-control')).toBe('no-store');
      expect(exchanged.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: expect.any(Number),
        refresh_token: expect.any(String),
        scope: 'openid email profile:read',
      });
      const access = decodeJwt(exchanged.body.access_token);
      expect(access).toMatchObject({
        sub: user.userId,
        client_id: app.clientId,
        scope: 'openid email profile:read',
      });
      const id = decodeJwt(exchanged.body.id_token);
      expect(decodeProtectedHeader(exchanged.body.id_token).alg).toBe('ES256');
      expect(id).toMatchObject({ sub: user.userId, aud: app.clientId, nonce: 'n-123', email: user.email });

      // The token works for what its scopes allow, and only that.
      const info = await client.get('/api/v1/oauth2/userinfo', exchanged.body.access_token);
      expect(info.body).toEqual({ sub: user.userId, email: user.email });
      expect((await client.get('/api/v1/me', exchanged.body.access_token)).status).toBe(200);
      expectProblem(await client.get('/api/v1/companies', exchanged.body.access_token), 403, 'FORBIDDEN');
      expectProblem(await client.get('/api/v1/me/sessions', exchanged.body.access_token), 403, 'FORBIDDEN');
      expectProblem(await client.get('/api/v1/me/authorized-apps', exchanged.body.access_token), 403);

      // A second exchange of the same code fails, and revokes what the first one gave.
      const again = await token({
        grant_type: 'authorization_code',
        code: res.body.code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      });
      expectProblem(again, 400, 'INVALID_GRANT');
      await eventually(
        async () => (await client.get('/api/v1/oauth2/userinfo', exchanged.body.access_token)).status === 401,
      );
      expectProblem(
        await token({ grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token }),
        401,
      );
    });

    it('refuses an unregistered redirect URI, an unknown client or scope, and plain PKCE, without a code', async () => {
      const bad: Record<string, string>[] = [
        { redirect_uri: 'https://app.example/callback/' },
        { redirect_uri: 'https://evil.example/callback' },
        { client_id: 'rcl_unknown' },
        { scope: 'openid admin:everything' },
      ];
      for (const params of bad) {
        expectProblem((await authorize(user, params)).res, 400, 'VALIDATION_FAILED');
      }
      const plain = await client.get(
        `/api/v1/oauth2/authorize?${authorizeQuery({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' })}`,
        user.accessToken,
      );
      expectProblem(plain, 400, 'VALIDATION_FAILED');
      expectProblem(
        await client.get(`/api/v1/oauth2/authorize?${authorizeQuery({ code_challenge: pkce().challenge })}`),
        401,
      );
    });

    it('refuses a PKCE mismatch, a different redirect URI, another client, a wrong secret, an expired code', async () => {
      const { res, verifier } = await authorize(user);
      const exchange = (over: Record<string, string>, auth?: string) =>
        token(
          {
            grant_type: 'authorization_code',
            code: res.body.code,
            redirect_uri: REDIRECT,
            code_verifier: verifier,
            ...over,
          },
          auth,
        );
      expectProblem(await exchange({ code_verifier: pkce().verifier }), 400, 'INVALID_GRANT');
      expectProblem(await exchange({ redirect_uri: 'http://localhost:8080/cb' }), 400, 'INVALID_GRANT');
      expectProblem(await exchange({}, basic(app.clientId, 'rcs_wrong')), 401, 'UNAUTHENTICATED');
      const otherApp = (
        await client.post(
          `/api/v1/companies/${companyId}/oauth-apps`,
          { title: 'Other', redirectUris: [REDIRECT] },
          owner.accessToken,
        )
      ).body;
      expectProblem(
        await exchange({}, basic(otherApp.clientId, otherApp.clientSecret)),
        400,
        'INVALID_GRANT',
      );
      // None of the failures spent it: the right exchange still works.
      expect((await exchange({})).status).toBe(200);

      const late = await authorize(user);
      await authDb(
        `UPDATE oauth_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL AND user_id = $1`,
        [user.userId],
      );
      expectProblem(
        await token({
          grant_type: 'authorization_code',
          code: late.res.body.code,
          redirect_uri: REDIRECT,
          code_verifier: late.verifier,
        }),
        400,
        'INVALID_GRANT',
      );
    });

    it('client credentials in the form body work too (client_secret_post), JSON too', async () => {
      const { res, verifier } = await authorize(user);
      const json = await client.post('/api/v1/oauth2/token', {
        grant_type: 'authorization_code',
        code: res.body.code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: app.clientId,
        client_secret: app.clientSecret,
      });
      expect(json.status).toBe(200);
      expectProblem(
        await client.post('/api/v1/oauth2/token', { grant_type: 'refresh_token', refresh_token: 'x' }),
        401,
      );
    });
  });

  describe('refresh tokens', () => {
    it('rotate; a reused one revokes the grant; a login refresh token is not accepted here, nor theirs at /auth/refresh', async () => {
      const first = await grant(user);
      const second = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(second.status).toBe(200);
      expect(decodeJwt(second.body.access_token)).toMatchObject({
        client_id: app.clientId,
        scope: 'openid email profile:read',
      });
      expectProblem(
        await client.post('/api/v1/auth/refresh', { refreshToken: second.body.refresh_token }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectProblem(
        await token({ grant_type: 'refresh_token', refresh_token: user.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      // Reuse of the first one: the family dies.
      expectProblem(await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }), 401);
      expectProblem(
        await token({ grant_type: 'refresh_token', refresh_token: second.body.refresh_token }),
        401,
      );
      await eventually(
        async () => (await client.get('/api/v1/oauth2/userinfo', second.body.access_token)).status === 401,
      );
    });
  });

  describe('authorized apps', () => {
    it('lists my authorizations; revoking one kills that client’s tokens for me at once', async () => {
      const someone = await newUser('oauth-consent');
      const tokens = await grant(someone);
      const list = await client.get('/api/v1/me/authorized-apps', someone.accessToken);
      expect(list.body).toMatchObject({
        total: 1,
        items: [
          {
            clientId: app.clientId,
            title: 'Timesheets',
            scopes: expect.arrayContaining(['openid', 'email', 'profile:read']),
          },
        ],
      });
      const counted = await client.get(
        `/api/v1/companies/${companyId}/oauth-apps/${app.clientId}`,
        owner.accessToken,
      );
      expect(counted.body.authorizationsCount).toBeGreaterThanOrEqual(2);
      expect((await client.get('/api/v1/oauth2/userinfo', tokens.access_token)).status).toBe(200);

      expect(
        (await client.delete(`/api/v1/me/authorized-apps/${app.clientId}`, someone.accessToken)).status,
      ).toBe(204);
      await eventually(
        async () => (await client.get('/api/v1/oauth2/userinfo', tokens.access_token)).status === 401,
      );
      expectProblem(await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }), 401);
      expect((await client.get('/api/v1/me/authorized-apps', someone.accessToken)).body.total).toBe(0);
      expectProblem(
        await client.delete(`/api/v1/me/authorized-apps/${app.clientId}`, someone.accessToken),
        404,
      );
      const log = await client.get(
        '/api/v1/me/log?filter=type:in:app_authorized|app_revoked',
        someone.accessToken,
      );
      expect(log.body.items.map((e: any) => e.type)).toEqual(['app_revoked', 'app_authorized']);
    });

    it('deactivating the application stops its tokens and its new authorizations', async () => {
      const deactivated = (
        await client.post(
          `/api/v1/companies/${companyId}/oauth-apps`,
          { title: 'Short-lived', redirectUris: [REDIRECT] },
          owner.accessToken,
        )
      ).body;
      const saved = app;
      app = deactivated;
      try {
        const tokens = await grant(user);
        const patched = await client.patch(
          `/api/v1/companies/${companyId}/oauth-apps/${deactivated.clientId}`,
          { status: 'inactive' },
          owner.accessToken,
        );
        expect(patched.body.status).toBe('inactive');
        await eventually(
          async () => (await client.get('/api/v1/oauth2/userinfo', tokens.access_token)).status === 401,
        );
        expectProblem((await authorize(user)).res, 400, 'VALIDATION_FAILED');
        expectProblem(await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }), 401);
        // The revocation names the user whose grant ended.
        const revoked = await outboxEvents('auth.events.session.revoked', user.userId);
        expect(revoked.map((e) => e.data.reason)).toContain('app_deactivated');
      } finally {
        app = saved;
      }
    });
  });

  it('publishes the OpenID Connect discovery document next to the JWKS', async () => {
    const res = await client.get('/.well-known/openid-configuration');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: 'https://roster.test',
      authorization_endpoint: 'https://roster.test/api/v1/oauth2/authorize',
      token_endpoint: 'https://roster.test/api/v1/oauth2/token',
      jwks_uri: 'https://roster.test/.well-known/jwks.json',
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect((await client.get('/.well-known/jwks.json')).status).toBe(200);
  });

  it('unknown ids are 404 and company ids must be UUIDs', async () => {
    expectProblem(
      await client.get(`/api/v1/companies/${companyId}/oauth-apps/rcl_nope`, owner.accessToken),
      404,
    );
    expectProblem(await client.get(`/api/v1/companies/${randomUUID()}/oauth-apps`, owner.accessToken), 404);
    expectProblem(await client.get('/api/v1/companies/nope/oauth-apps', owner.accessToken), 400);
  });
});
