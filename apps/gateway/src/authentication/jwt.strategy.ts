import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { verify, VerifyOptions } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_TOKEN_ALGORITHM } from '@roster/contracts';
import { AccessTokenClaims, ACCESS_TOKEN_TYPE, Actor, JwksKeyStore, peekHeader } from '@roster/security';
import { GatewayConfig } from '../config/gateway.config';
import { RevokedSessions } from './revoked-sessions';
import { rememberBounded } from './bounded-cache';

/**
 * Verifies access tokens locally (RFC 8725): one fixed algorithm (ES256, so `none` and HS256-with-the-
 * public-key tricks fail), `typ: at+jwt`, a `kid` we know from auth's JWKS, and `iss`, `aud`, `exp`, `nbf`;
 * then the session must not be on the deny list of revoked sessions.
 */
const CLOCK_TOLERANCE_S = 5;
/** Verified tokens remembered (the oldest goes first): a client sends one access token many times. */
const VERIFIED_CACHE_SIZE = 10_000;

/** The bearer token of an `Authorization` header, exactly as passport-jwt reads it. */
export const bearerTokenOf = ExtractJwt.fromAuthHeaderAsBearerToken();

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verifyOptions: VerifyOptions;
  /** Claims of tokens whose signature, type, key and claims verified, by the token itself. */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    config: GatewayConfig,
    private readonly keys: JwksKeyStore,
    private readonly revoked: RevokedSessions,
  ) {
    super({
      jwtFromRequest: bearerTokenOf,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_S },
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
    this.verifyOptions = {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      clockTolerance: CLOCK_TOLERANCE_S,
    };
  }

  /**
   * The guard's path (the same checks as the passport strategy above, without passport's per-request
   * machinery): a token verified once is remembered until it expires, so a client's next requests with
   * it cost a map lookup instead of an ES256 verification. Expiry and revocation are checked on every
   * request; keys are never dropped from the key store, so a remembered token's key is still known.
   * Any verification failure is a bare 401, as passport's was.
   */
  async actorOf(token: string): Promise<Actor> {
    let claims = this.verified.get(token);
    if (
      claims &&
      !(typeof claims.exp === 'number' && Math.floor(Date.now() / 1000) < claims.exp + CLOCK_TOLERANCE_S)
    ) {
      this.verified.delete(token);
      claims = undefined;
    }
    if (!claims) {
      claims = await this.verifyToken(token);
      rememberBounded(this.verified, token, claims, VERIFIED_CACHE_SIZE);
    }
    return this.validate(claims);
  }

  private async verifyToken(token: string): Promise<AccessTokenClaims> {
    const header = peekHeader(token);
    if (!header || header.alg !== ACCESS_TOKEN_ALGORITHM || header.typ !== ACCESS_TOKEN_TYPE)
      throw new UnauthorizedException();
    if (typeof header.kid !== 'string' || header.kid.length > 128) throw new UnauthorizedException();
    const key = await this.keys.getKey(header.kid).catch(() => undefined);
    if (!key) throw new UnauthorizedException();
    try {
      const claims = verify(token, key, this.verifyOptions);
      if (typeof claims !== 'object' || claims === null) throw new UnauthorizedException();
      return claims as AccessTokenClaims;
    } catch {
      throw new UnauthorizedException();
    }
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
