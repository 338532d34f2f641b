import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_TOKEN_ALGORITHM } from '@roster/contracts';
import { AccessTokenClaims, ACCESS_TOKEN_TYPE, Actor, JwksKeyStore, peekHeader } from '@roster/security';
import { GatewayConfig } from '../config/gateway.config';
import { RevokedSessions } from './revoked-sessions';

/**
 * Verifies access tokens locally (RFC 8725): one fixed algorithm (ES256, so `none` and HS256-with-the-
 * public-key tricks fail), `typ: at+jwt`, a `kid` we know from auth's JWKS, and `iss`, `aud`, `exp`, `nbf`;
 * then the session must not be on the deny list of revoked sessions.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: GatewayConfig,
    keys: JwksKeyStore,
    private readonly revoked: RevokedSessions,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5 },
      secretOrKeyProvider: (
        _req: unknown,
        rawJwt: string,
        done: (err: unknown, key?: string | Buffer) => void,
      ) => {
        const header = peekHeader(rawJwt);
        if (!header || header.alg !== ACCESS_TOKEN_ALGORITHM || header.typ !== ACCESS_TOKEN_TYPE) {
          return done(new UnauthorizedException('Unsupported token type or algorithm'));
        }
        if (typeof header.kid !== 'string' || header.kid.length > 128) {
          return done(new UnauthorizedException('Token has no key id'));
        }
        keys.getKey(header.kid).then(
          // jsonwebtoken verifies with a KeyObject directly; the typings only name strings and buffers.
          (key) =>
            key
              ? done(null, key as unknown as Buffer)
              : done(new UnauthorizedException('Unknown signing key')),
          () => done(new UnauthorizedException('Signing keys unavailable')),
        );
      },
    });
  }

  validate(claims: AccessTokenClaims): Actor {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new UnauthorizedException('Token lacks subject or session');
    }
    // Logged out, revoked, ended by a password change or reuse detection: see RevokedSessions.
    if (this.revoked.isRevoked(claims.sid)) throw new UnauthorizedException('The session has ended');
    const scopes = claims.scope ? claims.scope.split(' ') : [];
    if (typeof claims.act?.sub === 'string') {
      return {
        userId: claims.sub,
        sessionId: claims.sid,
        scopes,
        credential: 'impersonation',
        impersonatorId: claims.act.sub,
        expiresAt: claims.exp,
      };
    }
    if (
      typeof claims.client_id === 'string' &&
      claims.sub === claims.client_id &&
      typeof claims.company_id === 'string'
    ) {
      // An application acting for itself (client_credentials): scoped, and only within its company.
      return {
        userId: claims.client_id,
        sessionId: claims.sid,
        scopes,
        credential: 'client_credentials',
        clientId: claims.client_id,
        companyId: claims.company_id,
        expiresAt: claims.exp,
      };
    }
    if (typeof claims.client_id === 'string') {
      return {
        userId: claims.sub,
        sessionId: claims.sid,
        scopes,
        credential: 'oauth_token',
        clientId: claims.client_id,
        expiresAt: claims.exp,
      };
    }
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      scopes,
      // A login token with scopes is a restricted one (two-factor enrolment only, see TokenPair.restriction).
      credential: scopes.length ? 'restricted' : 'access_token',
      expiresAt: claims.exp,
    };
  }
}
