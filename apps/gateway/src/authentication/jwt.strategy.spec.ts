import { UnauthorizedException } from '@nestjs/common';
import { generateKeyPairSync, JsonWebKey } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { AccessTokenClaims, JwksKeyStore, toActorRef } from '@roster/security';
import { GatewayConfig } from '../config/gateway.config';
import { JwtStrategy } from './jwt.strategy';
import { RevokedSessions } from './revoked-sessions';

const ISSUER = 'http://issuer.test';
const AUDIENCE = 'roster-api';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function token(
  claims: Record<string, unknown> = {},
  options: { kid?: string; key?: typeof privateKey } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    { sub: 'user-1', sid: 'session-1', iat: now, exp: now + 900, iss: ISSUER, aud: AUDIENCE, ...claims },
    options.key ?? privateKey,
    {
      algorithm: 'ES256',
      header: { alg: 'ES256', typ: 'at+jwt', kid: options.kid ?? 'k1' },
    },
  );
}

describe('JwtStrategy.actorOf (the guard path, with verified tokens remembered)', () => {
  let keys: JwksKeyStore;
  let revoked: RevokedSessions;
  let strategy: JwtStrategy;
  let fetches: number;

  beforeEach(() => {
    fetches = 0;
    keys = new JwksKeyStore({
      fetch: async () => {
        fetches++;
        const jwk: JsonWebKey = publicKey.export({ format: 'jwk' });
        return { keys: [{ ...jwk, kty: 'EC', kid: 'k1', use: 'sig', alg: 'ES256' }] };
      },
    });
    revoked = new RevokedSessions(undefined as never, undefined as never);
    strategy = new JwtStrategy(
      Object.assign(new GatewayConfig(), { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE }),
      keys,
      revoked,
    );
  });

  afterEach(() => jest.useRealTimers());

  it('verifies a token and answers the same actor from memory the next times', async () => {
    const t = token();
    const verify = jest.spyOn(keys, 'getKey');
    for (let i = 0; i < 3; i++)
      expect(await strategy.actorOf(t)).toMatchObject({
        userId: 'user-1',
        sessionId: 'session-1',
        credential: 'access_token',
      });
    expect(verify).toHaveBeenCalledTimes(1);
    expect(fetches).toBe(1);
  });

  it('refuses a remembered token once its session is revoked', async () => {
    const t = token();
    await strategy.actorOf(t);
    revoked.apply({ sessionIds: ['session-1'], revokedAt: new Date().toISOString() });
    await expect(strategy.actorOf(t)).rejects.toThrow('The session has ended');
  });

  it('refuses a remembered token once it has expired (5 s of clock tolerance)', async () => {
    const now = Date.now();
    const t = token({ exp: Math.floor(now / 1000) + 60 });
    await strategy.actorOf(t);
    jest.useFakeTimers({ now: now + 64_000 });
    await expect(strategy.actorOf(t)).resolves.toMatchObject({ userId: 'user-1' });
    jest.setSystemTime(now + 66_000);
    await expect(strategy.actorOf(t)).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('refuses bad tokens with a bare 401, and never remembers them', async () => {
    const good = token();
    const [h, p] = good.split('.');
    const cases = [
      `${h}.${p}.${token({ sub: 'someone-else' }).split('.')[2]}`, // another token's signature
      token({}, { key: other.privateKey }), // signed by a key we do not have, under a known kid
      token({}, { kid: 'unknown' }),
      token({ exp: Math.floor(Date.now() / 1000) - 10 }),
      sign({ sub: 'user-1', sid: 's' }, 'secret', {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt', kid: 'k1' },
      }),
      'not.a.token',
    ];
    for (const bad of cases) {
      for (let i = 0; i < 2; i++) {
        const error = await strategy.actorOf(bad).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UnauthorizedException);
        expect((error as UnauthorizedException).message).toBe('Unauthorized');
      }
    }
    await expect(strategy.actorOf(token({ iss: 'http://elsewhere' }))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
  });
});

describe('JwtStrategy.validate', () => {
  const denied = new Set<string>();
  const revoked = { isRevoked: (sid: string) => denied.has(sid) } as unknown as RevokedSessions;
  const config = { JWT_ISSUER: 'https://roster.test', JWT_AUDIENCE: 'roster-api' } as GatewayConfig;
  const strategy = new JwtStrategy(config, {} as JwksKeyStore, revoked);
  const base: AccessTokenClaims = {
    iss: 'https://roster.test',
    aud: 'roster-api',
    sub: 'u1',
    sid: 's1',
    exp: 2_000_000_000,
    iat: 1_999_999_000,
    jti: 'j',
  };

  it('an application acting for itself (sub = client_id, company_id) is a client credential, never a user', () => {
    const actor = strategy.validate({
      ...base,
      sub: 'rcl_x',
      client_id: 'rcl_x',
      company_id: 'c1',
      scope: 'companies:read',
    });
    expect(actor).toMatchObject({
      userId: 'rcl_x',
      credential: 'client_credentials',
      clientId: 'rcl_x',
      companyId: 'c1',
      scopes: ['companies:read'],
    });
    expect(toActorRef(actor).type).toBe('client');
  });

  it('an application’s token for a user stays an OAuth token of that user, even with a company_id', () => {
    const actor = strategy.validate({ ...base, client_id: 'rcl_x', company_id: 'c1', scope: 'openid' });
    expect(actor).toMatchObject({ userId: 'u1', credential: 'oauth_token', clientId: 'rcl_x' });
    expect(actor.companyId).toBeUndefined();
    expect(toActorRef(actor).type).toBe('user');
  });

  it('an impersonation names both identities', () => {
    const actor = strategy.validate({ ...base, act: { sub: 'admin' }, scope: 'profile:read' });
    expect(toActorRef(actor)).toMatchObject({ type: 'user', id: 'u1', impersonatorId: 'admin' });
  });

  it('refuses a revoked session or application credential', () => {
    denied.add('cred-1');
    expect(() =>
      strategy.validate({ ...base, sub: 'rcl_x', client_id: 'rcl_x', company_id: 'c1', sid: 'cred-1' }),
    ).toThrow(UnauthorizedException);
  });
});
