import { randomUUID } from 'node:crypto';
import { AppError, IntrospectTokenResponse } from '@roster/contracts';
import { BusClient } from '@roster/messaging';
import { GatewayConfig } from '../config/gateway.config';
import { API_TOKEN_CACHE_SIZE, ApiTokenAuthenticator } from './api-token.authenticator';
import { RevokedSessions } from './revoked-sessions';

const tokenOf = (n: number) => `rst_${String(n).padStart(43, 'A')}`;

describe('ApiTokenAuthenticator', () => {
  let answers: Map<string, IntrospectTokenResponse>;
  let asked: string[];
  let revoked: RevokedSessions;
  let now: number;
  /** Runs while auth is being asked (a revocation arriving mid-flight). */
  let duringRequest: (() => void) | undefined;

  const make = (ttlSeconds = 60) => {
    const bus = {
      request: jest.fn(async (_contract: unknown, payload: { token: string }) => {
        asked.push(payload.token);
        duringRequest?.();
        return answers.get(payload.token) ?? { active: false };
      }),
    } as unknown as BusClient;
    return new ApiTokenAuthenticator(bus, revoked, { API_TOKEN_CACHE_SECONDS: ttlSeconds } as GatewayConfig);
  };
  const active = (token: string, expiresAt: string | null = null) => {
    const answer = {
      active: true as const,
      tokenId: randomUUID(),
      userId: randomUUID(),
      scopes: ['companies:read' as const],
      expiresAt,
    };
    answers.set(token, answer);
    return answer;
  };
  const refused = (promise: Promise<unknown>) =>
    expect(promise).rejects.toMatchObject({ code: 'UNAUTHENTICATED' } satisfies Partial<AppError>);

  beforeEach(() => {
    answers = new Map();
    asked = [];
    duringRequest = undefined;
    revoked = new RevokedSessions(undefined as never, undefined as never);
    now = Date.parse('2026-01-01T00:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });

  afterEach(() => jest.restoreAllMocks());

  it('asks auth once, then answers repeated uses from memory, as the same actor', async () => {
    const auth = make();
    const token = tokenOf(1);
    const answer = active(token);
    const first = await auth.authenticate(token, 'r1');
    now += 59_000;
    const second = await auth.authenticate(token, 'r2');
    expect(asked).toEqual([token]);
    expect(second).toEqual(first);
    expect(first).toEqual({
      userId: answer.userId,
      sessionId: `token:${answer.tokenId}`,
      scopes: ['companies:read'],
      credential: 'api_token',
    });
    // Callers get their own copy.
    second.scopes.push('companies:write');
    expect((await auth.authenticate(token, 'r3')).scopes).toEqual(['companies:read']);
  });

  it('asks again once API_TOKEN_CACHE_SECONDS have passed', async () => {
    const auth = make(60);
    const token = tokenOf(2);
    active(token);
    await auth.authenticate(token, 'r1');
    now += 60_001;
    await auth.authenticate(token, 'r2');
    expect(asked).toHaveLength(2);
  });

  it('checks the expiry of a remembered token on every request, without asking auth', async () => {
    const auth = make();
    const token = tokenOf(3);
    active(token, new Date(now + 1_500).toISOString());
    expect((await auth.authenticate(token, 'r1')).expiresAt).toBe(Math.floor((now + 1_500) / 1000));
    now += 1_499;
    await auth.authenticate(token, 'r2');
    now += 1;
    await refused(auth.authenticate(token, 'r3'));
    expect(asked).toHaveLength(1);
  });

  it('drops a token revoked (deleted, deactivated) after it was checked; a reactivated one is checked anew', async () => {
    const auth = make();
    const token = tokenOf(4);
    const answer = active(token);
    await auth.authenticate(token, 'r1');
    now += 10;
    revoked.markApiToken(answer.tokenId);
    answers.set(token, { active: false });
    await refused(auth.authenticate(token, 'r2'));
    // Reactivated: auth says yes again, and the new check is remembered (it came after the revocation).
    now += 10;
    answers.set(token, answer);
    await auth.authenticate(token, 'r3');
    await auth.authenticate(token, 'r4');
    expect(asked).toHaveLength(3);
  });

  it('drops every token of a disabled user', async () => {
    const auth = make();
    const [a, b] = [tokenOf(5), tokenOf(6)];
    const answerA = active(a);
    answers.set(b, { ...active(b), userId: answerA.userId });
    await auth.authenticate(a, 'r1');
    await auth.authenticate(b, 'r2');
    now += 10;
    revoked.markUser(answerA.userId);
    answers.clear();
    await refused(auth.authenticate(a, 'r3'));
    await refused(auth.authenticate(b, 'r4'));
  });

  it('does not remember a check that a revocation overtook while auth was being asked', async () => {
    const auth = make();
    const token = tokenOf(7);
    const answer = active(token);
    duringRequest = () => revoked.markApiToken(answer.tokenId);
    await auth.authenticate(token, 'r1');
    duringRequest = undefined;
    now += 1;
    await auth.authenticate(token, 'r2');
    expect(asked).toHaveLength(2);
    expect(auth.size).toBe(1);
  });

  it('never remembers a refusal, and refuses malformed tokens without asking', async () => {
    const auth = make();
    const token = tokenOf(8);
    await refused(auth.authenticate(token, 'r1'));
    active(token);
    await auth.authenticate(token, 'r2');
    await refused(auth.authenticate('rst_short', 'r3'));
    expect(asked).toEqual([token, token]);
  });

  it('keeps at most API_TOKEN_CACHE_SIZE tokens, forgetting the least recently used', async () => {
    const auth = make();
    for (let i = 0; i < API_TOKEN_CACHE_SIZE + 1; i++) {
      active(tokenOf(i));
      await auth.authenticate(tokenOf(i), `r${i}`);
      if (i === 0) continue;
      if (i === 1) await auth.authenticate(tokenOf(0), 'again'); // 0 is now more recent than 1
    }
    expect(auth.size).toBe(API_TOKEN_CACHE_SIZE);
    asked = [];
    await auth.authenticate(tokenOf(0), 'x');
    await auth.authenticate(tokenOf(1), 'y');
    expect(asked).toEqual([tokenOf(1)]);
  });

  it('with API_TOKEN_CACHE_SECONDS=0 asks auth on every request', async () => {
    const auth = make(0);
    const token = tokenOf(9);
    active(token);
    await auth.authenticate(token, 'r1');
    await auth.authenticate(token, 'r2');
    expect(asked).toHaveLength(2);
    expect(auth.size).toBe(0);
  });
});
