import { authDb, login, outboxEvents, REVOCATION_BOUND_MS, within } from './auth-support';
import { api, expectProblem, newUser, PASSWORD, profileReady, uniqueEmail } from './support';

const NEW_PASSWORD = 'a brand new passphrase 42';

/** The reset token auth emitted for the user (integrations would e-mail it). */
async function lastResetToken(userId: string): Promise<string> {
  const events = await outboxEvents('auth.events.password_reset.requested', userId);
  return events[events.length - 1].data.token;
}

describe('passwords', () => {
  const client = api();

  describe('POST /auth/password-strength', () => {
    it('is public and answers a score with the flags', async () => {
      const res = await client.post('/api/v1/auth/password-strength', { password: 'Abc12!xy' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        score: expect.any(Number),
        flags: {
          hasUpperCase: true,
          hasLowerCase: true,
          hasDigits: true,
          hasSpecialChars: true,
          minLength8: true,
          minLength16: false,
          entropyBits: expect.any(Number),
        },
        meetsPolicy: false,
        reasons: ['must be at least 10 characters long'],
      });
    });

    it('scores a long passphrase far above a well-known password', async () => {
      const strong = await client.post('/api/v1/auth/password-strength', {
        password: 'correct horse battery staple',
      });
      const weak = await client.post('/api/v1/auth/password-strength', { password: 'Password123' });
      expect(strong.body).toMatchObject({ meetsPolicy: true, flags: { minLength16: true } });
      expect(strong.body.score).toBeGreaterThanOrEqual(90);
      expect(weak.body).toMatchObject({ score: 0, meetsPolicy: false });
    });

    it('400 without a password', async () => {
      const res = await client.post('/api/v1/auth/password-strength', {});
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'password' })]),
      );
    });
  });

  describe('PUT /me/password', () => {
    it('422 naming currentPassword when it is wrong; the password stays', async () => {
      const user = await newUser('chpw-wrong');
      const res = await client.request('PUT', '/api/v1/me/password', {
        body: { currentPassword: 'not my password', newPassword: NEW_PASSWORD },
        token: user.accessToken,
      });
      expect(expectProblem(res, 422, 'UNPROCESSABLE').errors).toEqual([
        expect.objectContaining({ field: 'currentPassword' }),
      ]);
      expect((await login(user.email)).status).toBe(200);
    });

    it('applies the sign-up policy to the new password, naming newPassword', async () => {
      const user = await newUser('chpw-weak');
      for (const newPassword of ['password123', 'short', PASSWORD]) {
        const res = await client.request('PUT', '/api/v1/me/password', {
          body: { currentPassword: PASSWORD, newPassword },
          token: user.accessToken,
        });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'newPassword' })]),
        );
      }
    });

    it('changes it: old password out, new in; every other session ends, mine stays; emits an event', async () => {
      const user = await newUser('chpw');
      const other = (await login(user.email)).body;
      const res = await client.request('PUT', '/api/v1/me/password', {
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        token: user.accessToken,
      });
      expect(res.status).toBe(204);
      expectProblem(await login(user.email), 401, 'INVALID_CREDENTIALS');
      expect((await login(user.email, {}, NEW_PASSWORD)).status).toBe(200);
      expectProblem(
        await client.post('/api/v1/auth/refresh', { refreshToken: other.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expect((await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(
        200,
      );
      const events = await outboxEvents('auth.events.password.changed', user.userId);
      expect(events.map((e) => e.data)).toEqual([
        { userId: user.userId, via: 'change', changedAt: expect.any(String), revokedSessions: 1 },
      ]);
    });

    it('401 without a token', async () => {
      const res = await client.request('PUT', '/api/v1/me/password', {
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });
  });

  describe('forgot and reset', () => {
    it('answers 202 alike for known and unknown e-mails; only a known one gets a token, by event', async () => {
      const user = await newUser('forgot');
      const known = await client.post('/api/v1/auth/password/forgot', { email: user.email.toUpperCase() });
      const unknown = await client.post('/api/v1/auth/password/forgot', { email: uniqueEmail('nobody') });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(known.body).toEqual(unknown.body);
      const events = await outboxEvents('auth.events.password_reset.requested', user.userId);
      expect(events).toHaveLength(1);
      expect(events[0].data).toEqual({
        userId: user.userId,
        email: user.email,
        token: expect.stringMatching(/^prt_[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
      });
      const ttl = new Date(events[0].data.expiresAt).getTime() - Date.now();
      expect(ttl).toBeGreaterThan(25 * 60_000);
      expect(ttl).toBeLessThanOrEqual(30 * 60_000);
      // Only the hash is stored.
      const stored = await authDb(`SELECT token_hash FROM password_reset_tokens WHERE user_id = $1`, [
        user.userId,
      ]);
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toContain(events[0].data.token);
      expectProblem(
        await client.post('/api/v1/auth/password/forgot', { email: 'nope' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('resets with the token, once: every session ends, the new password works, an event says so', async () => {
      const user = await newUser('reset');
      await client.post('/api/v1/auth/password/forgot', { email: user.email });
      const token = await lastResetToken(user.userId);
      const res = await client.post('/api/v1/auth/password/reset', { token, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(204);
      expectProblem(
        await client.post('/api/v1/auth/refresh', { refreshToken: user.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expectProblem(await login(user.email), 401, 'INVALID_CREDENTIALS');
      expect((await login(user.email, {}, NEW_PASSWORD)).status).toBe(200);
      const again = await client.post('/api/v1/auth/password/reset', {
        token,
        newPassword: 'yet another passphrase',
      });
      expectProblem(again, 410, 'GONE');
      const events = await outboxEvents('auth.events.password.changed', user.userId);
      expect(events.map((e) => e.data)).toEqual([
        { userId: user.userId, via: 'reset', changedAt: expect.any(String), revokedSessions: 1 },
      ]);
    });

    it('a weak new password is refused (422) without spending the token', async () => {
      const user = await newUser('reset-weak');
      await client.post('/api/v1/auth/password/forgot', { email: user.email });
      const token = await lastResetToken(user.userId);
      const weak = await client.post('/api/v1/auth/password/reset', { token, newPassword: 'password123' });
      expect(expectProblem(weak, 422, 'WEAK_PASSWORD').errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'newPassword' })]),
      );
      expect(
        (await client.post('/api/v1/auth/password/reset', { token, newPassword: NEW_PASSWORD })).status,
      ).toBe(204);
    });

    it('410 for an expired token, 400 naming token for an unknown one', async () => {
      const user = await newUser('reset-expired');
      await client.post('/api/v1/auth/password/forgot', { email: user.email });
      const token = await lastResetToken(user.userId);
      await authDb(
        `UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [user.userId],
      );
      expectProblem(
        await client.post('/api/v1/auth/password/reset', { token, newPassword: NEW_PASSWORD }),
        410,
        'GONE',
      );
      expect((await login(user.email)).status).toBe(200); // unchanged
      const unknown = await client.post('/api/v1/auth/password/reset', {
        token: 'prt_' + 'A'.repeat(43),
        newPassword: NEW_PASSWORD,
      });
      expect(expectProblem(unknown, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field: 'token' }),
      ]);
    });

    it('sends at most 3 reset e-mails per account and hour; more requests still answer 202 alike', async () => {
      const user = await newUser('reset-flood');
      const answers = [];
      for (let i = 0; i < 5; i++) {
        answers.push(await client.post('/api/v1/auth/password/forgot', { email: user.email }));
      }
      const unknown = await client.post('/api/v1/auth/password/forgot', { email: uniqueEmail('nobody') });
      for (const res of answers) {
        expect(res.status).toBe(202);
        expect(res.body).toEqual(unknown.body);
      }
      expect(await outboxEvents('auth.events.password_reset.requested', user.userId)).toHaveLength(3);
      // Once the oldest falls out of the window, another one goes out.
      await authDb(
        `UPDATE password_reset_tokens SET created_at = now() - interval '2 hours'
          WHERE id = (SELECT id FROM password_reset_tokens WHERE user_id = $1 ORDER BY created_at LIMIT 1)`,
        [user.userId],
      );
      await client.post('/api/v1/auth/password/forgot', { email: user.email });
      expect(await outboxEvents('auth.events.password_reset.requested', user.userId)).toHaveLength(4);
      // The last token sent still works.
      const token = await lastResetToken(user.userId);
      expect(
        (await client.post('/api/v1/auth/password/reset', { token, newPassword: NEW_PASSWORD })).status,
      ).toBe(204);
    });

    it('a reset deactivates the account’s API tokens (the owner turns back on those they recognise); a change keeps them', async () => {
      const user = await newUser('reset-tokens');
      await profileReady(user); // GET /me below reads the profile directory makes from auth's event
      const mint = async (bearer: string) =>
        (await client.post('/api/v1/me/tokens', { name: 'ci', scopes: ['profile:read'] }, bearer)).body;
      const kept = await mint(user.accessToken);
      const changed = await client.request('PUT', '/api/v1/me/password', {
        token: user.accessToken,
        body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(changed.status).toBe(204);
      expect((await client.get('/api/v1/me', kept.token)).status).toBe(200);

      await client.post('/api/v1/auth/password/forgot', { email: user.email });
      const token = await lastResetToken(user.userId);
      expect(
        (await client.post('/api/v1/auth/password/reset', { token, newPassword: 'yet another passphrase' }))
          .status,
      ).toBe(204);
      // The gateway remembered the token; auth's event makes every replica drop it within a second.
      await within(
        REVOCATION_BOUND_MS,
        async () => (await client.get('/api/v1/me', kept.token)).status === 401,
      );
      expectProblem(await client.get('/api/v1/me', kept.token), 401);
      const revoked = await outboxEvents('auth.events.api_token.revoked', user.userId);
      expect(revoked.map((e) => e.data)).toEqual([
        expect.objectContaining({ tokenId: kept.id, reason: 'password_reset' }),
      ]);
      const session = (await login(user.email, {}, 'yet another passphrase')).body;
      const listed = await client.get(`/api/v1/me/tokens/${kept.id}`, session.accessToken);
      expect(listed.body.active).toBe(false);
      // Reactivated by its owner, it works again.
      await client.patch(`/api/v1/me/tokens/${kept.id}`, { active: true }, session.accessToken);
      expect((await client.get('/api/v1/me', kept.token)).status).toBe(200);
    });

    it('a newer reset spends the older tokens too', async () => {
      const user = await newUser('reset-two');
      await client.post('/api/v1/auth/password/forgot', { email: user.email });
      const first = await lastResetToken(user.userId);
      await client.post('/api/v1/auth/password/forgot', { email: user.email });
      const second = await lastResetToken(user.userId);
      expect(second).not.toBe(first);
      expect(
        (await client.post('/api/v1/auth/password/reset', { token: second, newPassword: NEW_PASSWORD }))
          .status,
      ).toBe(204);
      expectProblem(
        await client.post('/api/v1/auth/password/reset', {
          token: first,
          newPassword: 'yet another passphrase',
        }),
        410,
        'GONE',
      );
    });
  });
});
