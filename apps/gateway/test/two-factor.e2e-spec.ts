import { enableTotp, login, outboxEvents, totp } from './auth-support';
import { api, expectProblem, newUser, PASSWORD, SignedUpUser } from './support';

describe('two-factor authentication (TOTP)', () => {
  const client = api();

  describe('enrolment', () => {
    let user: SignedUpUser;
    beforeAll(async () => {
      user = await newUser('enrol');
    });

    it('is off at first', async () => {
      const res = await client.get('/api/v1/me/2fa', user.accessToken);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        enabled: false,
        method: null,
        recoveryCodesLeft: 0,
        pendingEnrolment: false,
      });
    });

    it('starts with a secret and an otpauth URI (issuer Roster, labelled with the e-mail), pending', async () => {
      const res = await client.post('/api/v1/me/2fa/totp', undefined, user.accessToken);
      expect(res.status).toBe(201);
      expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(res.body.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.host).toBe('totp');
      expect(decodeURIComponent(uri.pathname)).toBe(`/Roster:${user.email}`);
      expect(uri.searchParams.get('issuer')).toBe('Roster');
      expect(uri.searchParams.get('secret')).toBe(res.body.secret);
      const status = await client.get('/api/v1/me/2fa', user.accessToken);
      expect(status.body).toMatchObject({ enabled: false, pendingEnrolment: true });
      // Not on yet: logging in needs no code.
      expect((await login(user.email)).status).toBe(200);
    });

    it('refuses a wrong confirming code with 422 naming it, and a malformed one with 400', async () => {
      const enrol = await client.post('/api/v1/me/2fa/totp', undefined, user.accessToken);
      const right = totp(enrol.body.secret);
      const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
      const res = await client.post('/api/v1/me/2fa/totp/confirm', { code: wrong }, user.accessToken);
      expect(expectProblem(res, 422, 'UNPROCESSABLE').errors).toEqual([
        expect.objectContaining({ field: 'code' }),
      ]);
      const malformed = await client.post(
        '/api/v1/me/2fa/totp/confirm',
        { code: '12ab56' },
        user.accessToken,
      );
      expect(expectProblem(malformed, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'code' }),
      ]);
    });

    it('409 to confirm without an enrolment in progress', async () => {
      const fresh = await newUser('enrol-none');
      expectProblem(
        await client.post('/api/v1/me/2fa/totp/confirm', { code: '123456' }, fresh.accessToken),
        409,
        'CONFLICT',
      );
    });

    it('turns on with a code from the app, hands out 10 recovery codes once, and emits an event', async () => {
      const { recoveryCodes } = await enableTotp(user.accessToken);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      const status = await client.get('/api/v1/me/2fa', user.accessToken);
      expect(status.body).toEqual({
        enabled: true,
        method: 'totp',
        recoveryCodesLeft: 10,
        pendingEnrolment: false,
      });
      const events = await outboxEvents('auth.events.two_factor.enabled', user.userId);
      expect(events).toEqual([
        expect.objectContaining({
          data: { userId: user.userId, method: 'totp', enabledAt: expect.any(String) },
        }),
      ]);
      // Starting again while it is on is a conflict.
      expectProblem(await client.post('/api/v1/me/2fa/totp', undefined, user.accessToken), 409, 'CONFLICT');
    });
  });

  describe('logging in with it on', () => {
    let user: SignedUpUser;
    let secret: string;
    let confirmCode: string;
    let recoveryCodes: string[];

    beforeAll(async () => {
      user = await newUser('totp-login');
      ({ secret, confirmCode, recoveryCodes } = await enableTotp(user.accessToken));
    });

    it('without a code: 401 second-factor-required', async () => {
      const res = await login(user.email);
      const problem = expectProblem(res, 401, 'SECOND_FACTOR_REQUIRED');
      expect(problem.type).toBe('urn:roster:problem:second-factor-required');
    });

    it('with a wrong password it still says INVALID_CREDENTIALS (the factor is not even looked at)', async () => {
      expectProblem(
        await login(user.email, { totpCode: totp(secret, 1) }, 'wrong password here'),
        401,
        'INVALID_CREDENTIALS',
      );
    });

    it('with a wrong code: 401 INVALID_SECOND_FACTOR; a malformed one is a 400', async () => {
      const right = totp(secret);
      const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
      const res = await login(user.email, { totpCode: wrong });
      expect(expectProblem(res, 401, 'INVALID_SECOND_FACTOR').type).toBe(
        'urn:roster:problem:invalid-second-factor',
      );
      expectProblem(await login(user.email, { totpCode: 'abc' }), 400, 'VALIDATION_FAILED');
      expectProblem(
        await login(user.email, { totpCode: right, recoveryCode: recoveryCodes[9] }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('a code already used (the one that confirmed the enrolment) does not work again', async () => {
      expectProblem(await login(user.email, { totpCode: confirmCode }), 401, 'INVALID_SECOND_FACTOR');
    });

    it('with the next code: 200, and that code cannot be replayed', async () => {
      const next = totp(secret, 1); // one step ahead is within the accepted window, and newer than the last used
      const ok = await login(user.email, { totpCode: next });
      expect(ok.status).toBe(200);
      expect(ok.body.accessToken).toEqual(expect.any(String));
      expectProblem(await login(user.email, { totpCode: next }), 401, 'INVALID_SECOND_FACTOR');
    });

    it('with a recovery code: 200 once; the same code never again; the count goes down', async () => {
      const code = recoveryCodes[0];
      const ok = await login(user.email, { recoveryCode: code.toUpperCase() }); // case does not matter
      expect(ok.status).toBe(200);
      expectProblem(await login(user.email, { recoveryCode: code }), 401, 'INVALID_SECOND_FACTOR');
      const status = await client.get('/api/v1/me/2fa', ok.body.accessToken);
      expect(status.body.recoveryCodesLeft).toBe(9);
      expectProblem(
        await login(user.email, { recoveryCode: 'aaaa-bbbb-cccc-dddd' }),
        401,
        'INVALID_SECOND_FACTOR',
      );
    });
  });

  describe('recovery codes and turning it off', () => {
    it('regenerates the codes with the password: the old ones stop working, the new ones work', async () => {
      const user = await newUser('regen');
      const { recoveryCodes: old } = await enableTotp(user.accessToken);
      const wrong = await client.post(
        '/api/v1/me/2fa/recovery-codes',
        { password: 'not my password' },
        user.accessToken,
      );
      expect(expectProblem(wrong, 422, 'UNPROCESSABLE').errors).toEqual([
        expect.objectContaining({ field: 'password' }),
      ]);
      const none = await client.post('/api/v1/me/2fa/recovery-codes', {}, user.accessToken);
      expectProblem(none, 400, 'VALIDATION_FAILED');
      const res = await client.post(
        '/api/v1/me/2fa/recovery-codes',
        { password: PASSWORD },
        user.accessToken,
      );
      expect(res.status).toBe(200);
      expect(res.body.recoveryCodes).toHaveLength(10);
      expect(res.body.recoveryCodes).not.toContain(old[0]);
      expectProblem(await login(user.email, { recoveryCode: old[0] }), 401, 'INVALID_SECOND_FACTOR');
      expect((await login(user.email, { recoveryCode: res.body.recoveryCodes[0] })).status).toBe(200);
    });

    it('regenerates with a current TOTP code instead of the password', async () => {
      const user = await newUser('regen-code');
      const { secret } = await enableTotp(user.accessToken);
      const res = await client.post(
        '/api/v1/me/2fa/recovery-codes',
        { code: totp(secret, 1) },
        user.accessToken,
      );
      expect(res.status).toBe(200);
      expect(res.body.recoveryCodes).toHaveLength(10);
    });

    it('409 for recovery codes or turning off while it is off', async () => {
      const user = await newUser('off');
      expectProblem(
        await client.post('/api/v1/me/2fa/recovery-codes', { password: PASSWORD }, user.accessToken),
        409,
        'CONFLICT',
      );
      const res = await client.request('DELETE', '/api/v1/me/2fa/totp', {
        body: { password: PASSWORD },
        token: user.accessToken,
      });
      expectProblem(res, 409, 'CONFLICT');
    });

    it('turns off with the password (not with a wrong one): logins need no code again; emits an event', async () => {
      const user = await newUser('disable');
      await enableTotp(user.accessToken);
      const wrong = await client.request('DELETE', '/api/v1/me/2fa/totp', {
        body: { password: 'not my password' },
        token: user.accessToken,
      });
      expect(expectProblem(wrong, 422, 'UNPROCESSABLE').errors).toEqual([
        expect.objectContaining({ field: 'password' }),
      ]);
      const empty = await client.request('DELETE', '/api/v1/me/2fa/totp', { token: user.accessToken });
      expectProblem(empty, 400, 'VALIDATION_FAILED');
      expectProblem(await login(user.email), 401, 'SECOND_FACTOR_REQUIRED');
      const res = await client.request('DELETE', '/api/v1/me/2fa/totp', {
        body: { password: PASSWORD },
        token: user.accessToken,
      });
      expect(res.status).toBe(204);
      const status = await client.get('/api/v1/me/2fa', user.accessToken);
      expect(status.body).toEqual({
        enabled: false,
        method: null,
        recoveryCodesLeft: 0,
        pendingEnrolment: false,
      });
      expect((await login(user.email)).status).toBe(200);
      const events = await outboxEvents('auth.events.two_factor.disabled', user.userId);
      expect(events.map((e) => e.data)).toEqual([
        { userId: user.userId, method: 'totp', disabledAt: expect.any(String) },
      ]);
    });

    it('turns off with a current code; the code used to confirm does not count', async () => {
      const user = await newUser('disable-code');
      const { secret, confirmCode } = await enableTotp(user.accessToken);
      const replay = await client.request('DELETE', '/api/v1/me/2fa/totp', {
        body: { code: confirmCode },
        token: user.accessToken,
      });
      expect(expectProblem(replay, 422, 'UNPROCESSABLE').errors).toEqual([
        expect.objectContaining({ field: 'code' }),
      ]);
      const res = await client.request('DELETE', '/api/v1/me/2fa/totp', {
        body: { code: totp(secret, 1) },
        token: user.accessToken,
      });
      expect(res.status).toBe(204);
      expect((await login(user.email)).status).toBe(200);
    });
  });
});
