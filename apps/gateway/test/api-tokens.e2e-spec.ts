import { randomUUID } from 'node:crypto';
import { ApiClient, freePortForTests } from '@roster/testing';
import { authDb, outboxEvents, REVOCATION_BOUND_MS, sleep, within } from './auth-support';
import { startReplica } from './replica';
import { api, expectProblem, newUser, PASSWORD, SignedUpUser } from './support';

/** Resets the password through the forgot/reset flow (the reset token is read from auth's outbox). */
async function resetPassword(client: ApiClient, user: SignedUpUser, newPassword: string): Promise<void> {
  expect((await client.post('/api/v1/auth/password/forgot', { email: user.email })).status).toBe(202);
  const events = await outboxEvents('auth.events.password_reset.requested', user.userId);
  const token = events[events.length - 1].data.token;
  expect((await client.post('/api/v1/auth/password/reset', { token, newPassword })).status).toBe(204);
}

describe('personal API tokens', () => {
  const client = api();
  let owner: SignedUpUser;

  const createToken = async (body: Record<string, unknown>, user = owner) => {
    const res = await client.post('/api/v1/me/tokens', body, user.accessToken);
    expect(res.status).toBe(201);
    return res.body;
  };

  beforeAll(async () => {
    owner = await newUser('tokens');
  });

  describe('managing them', () => {
    it('creates one and shows the secret once; only its hash and a short prefix are kept', async () => {
      const created = await createToken({ name: 'CI', description: 'pipeline', scopes: ['companies:read'] });
      expect(created).toEqual({
        id: expect.any(String),
        name: 'CI',
        description: 'pipeline',
        scopes: ['companies:read'],
        prefix: created.token.slice(0, 12),
        active: true,
        expiresAt: null,
        lastUsedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        token: expect.stringMatching(/^rst_[A-Za-z0-9_-]{43}$/),
      });
      const fetched = await client.get(`/api/v1/me/tokens/${created.id}`, owner.accessToken);
      expect(fetched.status).toBe(200);
      expect(fetched.body.token).toBeUndefined();
      expect(fetched.body).toMatchObject({ id: created.id, prefix: created.prefix });
      const [row] = await authDb(`SELECT * FROM api_tokens WHERE id = $1`, [created.id]);
      expect(JSON.stringify(row)).not.toContain(created.token);
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      const events = await outboxEvents('auth.events.api_token.created', owner.userId);
      expect(events.map((e) => e.data)).toContainEqual(
        expect.objectContaining({ tokenId: created.id, scopes: ['companies:read'] }),
      );
      expect(JSON.stringify(events)).not.toContain(created.token);
    });

    it('lists mine with paging, sorting and filters, without secrets', async () => {
      const user = await newUser('tokens-list');
      for (const name of ['beta', 'alpha', 'gamma'])
        await createToken({ name, scopes: ['profile:read'] }, user);
      const list = await client.get('/api/v1/me/tokens?sort=name&limit=2', user.accessToken);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 3, limit: 2, skip: 0 });
      expect(list.body.items.map((t: any) => t.name)).toEqual(['alpha', 'beta']);
      for (const t of list.body.items) expect(t.token).toBeUndefined();
      const newest = await client.get('/api/v1/me/tokens', user.accessToken);
      expect(newest.body.items.map((t: any) => t.name)).toEqual(['gamma', 'alpha', 'beta']);
      const search = await client.get('/api/v1/me/tokens?filter=name:search:amm', user.accessToken);
      expect(search.body.items.map((t: any) => t.name)).toEqual(['gamma']);
      await client.patch(`/api/v1/me/tokens/${search.body.items[0].id}`, { active: false }, user.accessToken);
      const inactive = await client.get('/api/v1/me/tokens?filter=active:eq:false', user.accessToken);
      expect(inactive.body.items.map((t: any) => t.name)).toEqual(['gamma']);
      expectProblem(await client.get('/api/v1/me/tokens?filter=active:eq:maybe', user.accessToken), 400);
      expectProblem(await client.get('/api/v1/me/tokens?sort=tokenHash', user.accessToken), 400);
      // Someone else sees none of them.
      const other = await client.get('/api/v1/me/tokens', owner.accessToken);
      expect(other.body.items.map((t: any) => t.name)).not.toContain('gamma');
    });

    it('updates name, description and active; scopes and expiry are fixed', async () => {
      const created = await createToken({ name: 'old', scopes: ['profile:read'] });
      const res = await client.patch(
        `/api/v1/me/tokens/${created.id}`,
        { name: 'new', description: 'described' },
        owner.accessToken,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: 'new',
        description: 'described',
        active: true,
        scopes: ['profile:read'],
      });
      expectProblem(
        await client.patch(
          `/api/v1/me/tokens/${created.id}`,
          { scopes: ['companies:write'] },
          owner.accessToken,
        ),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('refuses bad input: unknown or no scopes, an expiry in the past, a blank name', async () => {
      for (const body of [
        { name: 'x', scopes: ['root'] },
        { name: 'x', scopes: [] },
        { name: 'x' },
        { name: 'x', scopes: ['profile:read', 'profile:read'] },
        { name: '', scopes: ['profile:read'] },
        { name: 'x', scopes: ['profile:read'], expiresAt: new Date(Date.now() - 60_000).toISOString() },
        { name: 'x', scopes: ['profile:read'], expiresAt: 'tomorrow' },
      ]) {
        const res = await client.post('/api/v1/me/tokens', body, owner.accessToken);
        expectProblem(res, 400, 'VALIDATION_FAILED');
      }
    });

    it('404 for someone else’s token, for get, update and delete; 400 for a bad id', async () => {
      const theirs = await createToken({ name: 'theirs', scopes: ['profile:read'] });
      const stranger = await newUser('tokens-stranger');
      for (const id of [theirs.id, randomUUID()]) {
        expectProblem(await client.get(`/api/v1/me/tokens/${id}`, stranger.accessToken), 404, 'NOT_FOUND');
        expectProblem(
          await client.patch(`/api/v1/me/tokens/${id}`, { active: false }, stranger.accessToken),
          404,
        );
        expectProblem(await client.delete(`/api/v1/me/tokens/${id}`, stranger.accessToken), 404);
      }
      expect((await client.get('/api/v1/auth/check', theirs.token)).status).toBe(200);
      expectProblem(await client.get('/api/v1/me/tokens/nope', owner.accessToken), 400, 'VALIDATION_FAILED');
    });
  });

  it('are documented in the OpenAPI document, with the scope vocabulary', async () => {
    const spec = await client.get('/api/v1/openapi.json');
    for (const path of ['/api/v1/me/tokens', '/api/v1/me/tokens/{tokenId}', '/api/v1/auth/check']) {
      expect(Object.keys(spec.body.paths)).toContain(path);
    }
    expect(spec.body.components.schemas.CreateApiTokenDto.properties.scopes.items.enum).toEqual([
      'profile:read',
      'companies:read',
      'companies:write',
      'billing:read',
      'integrations:read',
      'integrations:write',
      'account:read',
    ]);
  });

  describe('using them', () => {
    it('works like an access token, as its owner, limited to its scopes', async () => {
      const company = await client.post('/api/v1/companies', { name: 'Token Co' }, owner.accessToken);
      const { token } = await createToken({ name: 'reader', scopes: ['companies:read'] });
      const list = await client.get('/api/v1/companies', token);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: any) => c.id)).toContain(company.body.id);
      expect((await client.get(`/api/v1/companies/${company.body.id}`, token)).status).toBe(200);
      const create = await client.post('/api/v1/companies', { name: 'Nope Inc' }, token);
      expect(expectProblem(create, 403, 'FORBIDDEN').detail).toContain('companies:write');
      expectProblem(
        await client.patch(`/api/v1/companies/${company.body.id}`, { name: 'x' }, token),
        403,
        'FORBIDDEN',
      );
      expectProblem(await client.get('/api/v1/me', token), 403, 'FORBIDDEN');
      const check = await client.get('/api/v1/auth/check', token);
      expect(check.body).toMatchObject({
        valid: true,
        userId: owner.userId,
        sessionId: expect.stringMatching(/^token:/),
        scopes: ['companies:read'],
        expiresAt: null,
      });
    });

    it('with companies:write acts for its owner', async () => {
      const { token } = await createToken({ name: 'writer', scopes: ['companies:read', 'companies:write'] });
      const created = await client.post('/api/v1/companies', { name: 'Made By Token' }, token);
      expect(created.status).toBe(201);
      expect(created.body.myRole).toBe('owner');
      const seen = await client.get(`/api/v1/companies/${created.body.id}`, owner.accessToken);
      expect(seen.body).toMatchObject({ name: 'Made By Token', myRole: 'owner' });
    });

    it('never manages credentials, whatever its scopes', async () => {
      const { token } = await createToken({ name: 'account', scopes: ['account:read', 'profile:read'] });
      expect((await client.get('/api/v1/me/tokens', token)).status).toBe(200);
      expect((await client.get('/api/v1/me/sessions', token)).status).toBe(200);
      expect((await client.get('/api/v1/me/log', token)).status).toBe(200);
      expect((await client.get('/api/v1/me/2fa', token)).status).toBe(200);
      expectProblem(
        await client.post('/api/v1/me/tokens', { name: 'more', scopes: ['companies:write'] }, token),
        403,
      );
      expectProblem(
        await client.request('PUT', '/api/v1/me/password', {
          body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase 42' },
          token,
        }),
        403,
      );
      expectProblem(await client.post('/api/v1/me/2fa/totp', undefined, token), 403);
      expectProblem(await client.post('/api/v1/auth/logout', undefined, token), 403);
      expectProblem(await client.delete(`/api/v1/me/sessions/${owner.sessionId}`, token), 403);
    });

    /** 401 from `gateway` within a second: auth's event reached it (the token was remembered there). */
    const refusedWithinASecond = (token: string, gateway = client) =>
      within(REVOCATION_BOUND_MS, async () => {
        const res = await gateway.get('/api/v1/companies', token);
        if (res.status !== 401) return false;
        expectProblem(res, 401, 'UNAUTHENTICATED');
        return true;
      });

    it('is remembered by the gateway after one check: repeated use works without asking auth each time', async () => {
      const created = await createToken({ name: 'busy', scopes: ['companies:read'] });
      for (let i = 0; i < 5; i++)
        expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
      // Switched off in auth's database behind its back (no event): the gateway, not asking auth per
      // request, still takes it from memory. Only auth's events (next tests) or the cache's lapse end it.
      await authDb(`UPDATE api_tokens SET active = false WHERE id = $1`, [created.id]);
      try {
        for (let i = 0; i < 3; i++)
          expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
      } finally {
        await authDb(`UPDATE api_tokens SET active = true WHERE id = $1`, [created.id]);
      }
    });

    it('stops within a second when deactivated, though remembered; works again when reactivated', async () => {
      const created = await createToken({ name: 'toggle', scopes: ['companies:read'] });
      expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
      expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
      await client.patch(`/api/v1/me/tokens/${created.id}`, { active: false }, owner.accessToken);
      await refusedWithinASecond(created.token);
      const events = await outboxEvents('auth.events.api_token.revoked', owner.userId);
      expect(events.map((e) => e.data)).toContainEqual(
        expect.objectContaining({ tokenId: created.id, reason: 'deactivated' }),
      );
      await client.patch(`/api/v1/me/tokens/${created.id}`, { active: true }, owner.accessToken);
      expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
    });

    it('stops within a second when deleted, though remembered', async () => {
      const created = await createToken({ name: 'doomed', scopes: ['companies:read'] });
      expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
      expect((await client.delete(`/api/v1/me/tokens/${created.id}`, owner.accessToken)).status).toBe(204);
      await refusedWithinASecond(created.token);
      expectProblem(await client.get(`/api/v1/me/tokens/${created.id}`, owner.accessToken), 404);
      const events = await outboxEvents('auth.events.api_token.revoked', owner.userId);
      expect(events.map((e) => e.data)).toContainEqual(
        expect.objectContaining({ tokenId: created.id, reason: 'deleted' }),
      );
    });

    it('stops within a second when a password reset deactivates it, though remembered', async () => {
      const user = await newUser('tokens-reset');
      const created = await createToken({ name: 'ci', scopes: ['companies:read'] }, user);
      expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
      await resetPassword(client, user, 'a freshly reset passphrase 9');
      await refusedWithinASecond(created.token);
      const events = await outboxEvents('auth.events.api_token.revoked', user.userId);
      expect(events.map((e) => e.data)).toEqual([
        expect.objectContaining({ tokenId: created.id, reason: 'password_reset' }),
      ]);
    });

    describe('with a second gateway replica', () => {
      let replica: Awaited<ReturnType<typeof startReplica>>;
      let second: ApiClient;

      beforeAll(async () => {
        const port = await freePortForTests();
        replica = await startReplica('gateway', { PORT: String(port), METRICS_PORT: '0' });
        second = new ApiClient(`http://127.0.0.1:${port}`);
      }, 30_000);

      afterAll(() => replica?.kill('SIGTERM'));

      it('every replica that remembers the token refuses it within a second of its deactivation', async () => {
        const created = await createToken({ name: 'two-replicas', scopes: ['companies:read'] });
        for (const gateway of [client, second])
          expect((await gateway.get('/api/v1/companies', created.token)).status).toBe(200);
        await client.patch(`/api/v1/me/tokens/${created.id}`, { active: false }, owner.accessToken);
        await Promise.all([
          refusedWithinASecond(created.token, client),
          refusedWithinASecond(created.token, second),
        ]);
      });
    });

    it('stops when it expires', async () => {
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const created = await createToken({ name: 'brief', scopes: ['companies:read'], expiresAt });
      expect(created.expiresAt).toBe(expiresAt);
      expect((await client.get('/api/v1/companies', created.token)).status).toBe(200);
      await sleep(Date.parse(expiresAt) - Date.now() + 200);
      expectProblem(await client.get('/api/v1/companies', created.token), 401, 'UNAUTHENTICATED');
    });

    it('records when it was last used', async () => {
      const created = await createToken({ name: 'used', scopes: ['companies:read'] });
      await client.get('/api/v1/companies', created.token);
      const fetched = await client.get(`/api/v1/me/tokens/${created.id}`, owner.accessToken);
      expect(fetched.body.lastUsedAt).toEqual(expect.any(String));
    });

    it('401 for a made-up or malformed rst_ token', async () => {
      expectProblem(await client.get('/api/v1/companies', 'rst_' + 'A'.repeat(43)), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get('/api/v1/companies', 'rst_short'), 401, 'UNAUTHENTICATED');
      expectProblem(await client.get('/api/v1/companies', 'rst_' + 'A'.repeat(400)), 401, 'UNAUTHENTICATED');
    });
  });
});
