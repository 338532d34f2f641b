import { enableTotp, freshIp, from, login, outboxEvents, sleep, totp } from './auth-support';
import { E2E_LOGIN_SLOWDOWN, E2E_LOGIN_WINDOW_SECONDS } from './global-setup';
import { expectProblem, newUser, uniqueEmail } from './support';

/** auth's defaults, kept in the e2e run; only the window is shortened (see global-setup). */
const PER_ACCOUNT = 5;
const PER_IP = 20;
const WRONG = 'wrong password here';

function expectLockedOut(res: Awaited<ReturnType<typeof login>>): number {
  expectProblem(res, 429, 'RATE_LIMITED');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(E2E_LOGIN_WINDOW_SECONDS);
  return retryAfter;
}

describe('brute-force protection on login', () => {
  /** The wait auth adds to an attempt made after `failures` failures (e2e: 100 ms doubling, at most 400 ms). */
  const slowdownAfter = (failures: number) =>
    failures < E2E_LOGIN_SLOWDOWN.afterFailures
      ? 0
      : Math.min(
          E2E_LOGIN_SLOWDOWN.maxMs,
          E2E_LOGIN_SLOWDOWN.baseMs * 2 ** (failures - E2E_LOGIN_SLOWDOWN.afterFailures),
        );
  const timed = async <T>(call: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await call();
    return [result, performance.now() - started];
  };

  it.each([
    ['an existing account', true],
    ['an unknown e-mail, alike', false],
  ])(
    'slows failed attempts on %s (a growing delay from the 3rd), then refuses with 429; after the window they are checked again (the owner logs in)',
    async (_label, exists) => {
      const user = exists ? await newUser('slowed') : null;
      const email = user?.email ?? uniqueEmail('slowed-ghost');
      const ip = freshIp();
      const took: number[] = [];
      for (let failures = 0; failures < PER_ACCOUNT; failures++) {
        const [res, ms] = await timed(() => login(email, {}, WRONG, ip));
        expectProblem(res, 401, 'INVALID_CREDENTIALS');
        took.push(ms);
      }
      // Lower bounds only: each attempt after the 2nd failure waited at least its delay (100, 200, 400 ms).
      for (let failures = E2E_LOGIN_SLOWDOWN.afterFailures; failures < PER_ACCOUNT; failures++) {
        expect(took[failures]).toBeGreaterThanOrEqual(slowdownAfter(failures));
      }
      expect(slowdownAfter(PER_ACCOUNT - 1)).toBe(E2E_LOGIN_SLOWDOWN.maxMs);
      // Then refused (not slowed: nothing is checked).
      expectLockedOut(await login(email, {}, WRONG, ip));
      // Once every failure has left the window, nothing is held back or refused any more.
      await sleep(E2E_LOGIN_WINDOW_SECONDS * 1000 + 250);
      if (user) {
        expect((await login(user.email, {}, undefined, ip)).status).toBe(200);
      } else {
        expectProblem(await login(email, {}, WRONG, ip), 401, 'INVALID_CREDENTIALS');
      }
    },
  );

  it(`locks an account after ${PER_ACCOUNT} failures, before checking the password; the owner gets in once the window passes`, async () => {
    const user = await newUser('locked');
    const ip = freshIp();
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expectProblem(await login(user.email, {}, WRONG, ip), 401, 'INVALID_CREDENTIALS');
    }
    // Even the right password is refused now (from any IP), and without looking at it.
    const retryAfter = expectLockedOut(await login(user.email, {}, undefined, ip));
    expectLockedOut(await login(user.email, {}, undefined, freshIp()));
    await sleep(retryAfter * 1000 + 250);
    expect((await login(user.email, {}, undefined, ip)).status).toBe(200);
  });

  it('emits AccountLocked once per lock (for ticketing) and notes it in the account log', async () => {
    const user = await newUser('locked-event');
    const ip = freshIp();
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expectProblem(await login(user.email, {}, WRONG, ip), 401, 'INVALID_CREDENTIALS');
    }
    expectLockedOut(await login(user.email, {}, WRONG, ip));
    expectLockedOut(await login(user.email, {}, WRONG, freshIp()));
    const events = await outboxEvents('auth.events.account.locked', user.userId);
    expect(events.map((e) => e.data)).toEqual([
      { userId: user.userId, email: user.email, until: expect.any(String) },
    ]);
    expect(new Date(events[0].data.until).getTime()).toBeGreaterThan(Date.now() - 1000);
    const log = await from(freshIp()).get('/api/v1/me/log?filter=type:eq:account_locked', user.accessToken);
    expect(log.body.items).toHaveLength(1);
    // Once all those failures have left the window, failing up to the limit again is a new lock.
    await sleep(E2E_LOGIN_WINDOW_SECONDS * 1000 + 250);
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expectProblem(await login(user.email, {}, WRONG, ip), 401, 'INVALID_CREDENTIALS');
    }
    expectLockedOut(await login(user.email, {}, WRONG, ip));
    expect(await outboxEvents('auth.events.account.locked', user.userId)).toHaveLength(2);
  });

  it('answers 429 for an unknown e-mail in the same way, so it reveals nothing', async () => {
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < PER_ACCOUNT; i++)
      expectProblem(await login(ghost, {}, WRONG), 401, 'INVALID_CREDENTIALS');
    expectLockedOut(await login(ghost, {}, WRONG));
  });

  it('a successful login restarts the account’s count', async () => {
    const user = await newUser('reset-count');
    for (let i = 0; i < PER_ACCOUNT - 1; i++) expectProblem(await login(user.email, {}, WRONG), 401);
    expect((await login(user.email)).status).toBe(200);
    for (let i = 0; i < PER_ACCOUNT - 1; i++) expectProblem(await login(user.email, {}, WRONG), 401);
    expect((await login(user.email)).status).toBe(200);
  });

  it(`locks a client IP after ${PER_IP} failures across accounts; other IPs are not affected`, async () => {
    const user = await newUser('ip-victim');
    const ip = freshIp();
    // Different e-mails, so no single account reaches its own limit.
    const attempts = await Promise.all(
      Array.from({ length: PER_IP }, () => login(uniqueEmail('stuffing'), {}, WRONG, ip)),
    );
    for (const res of attempts) expectProblem(res, 401, 'INVALID_CREDENTIALS');
    expectLockedOut(await login(user.email, {}, undefined, ip));
    expect((await login(user.email, {}, undefined, freshIp())).status).toBe(200);
  });

  it('counts wrong second-factor codes as failures too', async () => {
    const user = await newUser('wrong-codes');
    const { secret } = await enableTotp(user.accessToken);
    const right = totp(secret, 1);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expectProblem(await login(user.email, { totpCode: wrong }), 401, 'INVALID_SECOND_FACTOR');
    }
    expectLockedOut(await login(user.email, { totpCode: right }));
  });

  it('counts wrong current passwords on sensitive changes (re-authentication) too', async () => {
    const user = await newUser('reauth');
    for (let i = 0; i < PER_ACCOUNT; i++) {
      const res = await from(freshIp()).put(
        '/api/v1/me/password',
        { currentPassword: WRONG, newPassword: 'a brand new passphrase 42' },
        user.accessToken,
      );
      expectProblem(res, 422, 'UNPROCESSABLE');
    }
    expectLockedOut(await login(user.email));
  });
});
