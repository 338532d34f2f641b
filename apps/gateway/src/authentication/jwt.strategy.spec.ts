import { UnauthorizedException } from '@nestjs/common';
import { AccessTokenClaims, JwksKeyStore, toActorRef } from '@roster/security';
import { GatewayConfig } from '../config/gateway.config';
import { JwtStrategy } from './jwt.strategy';
import { RevokedSessions } from './revoked-sessions';

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
