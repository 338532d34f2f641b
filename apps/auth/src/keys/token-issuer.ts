import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ACCESS_TOKEN_ALGORITHM } from '@roster/contracts';
import { ACCESS_TOKEN_TYPE } from '@roster/security';
import { AuthConfig } from '../config/auth.config';
import { KeysService } from './keys.service';

export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  scopes?: string[];
  /** The OAuth client the token was issued to (claim `client_id`, RFC 9068). */
  clientId?: string;
  /** `client_credentials`: the company owning the application (claim `company_id`; `userId` is the client id). */
  companyId?: string;
  /** Who is acting for the subject (RFC 8693 `act`), for impersonation. */
  actorUserId?: string;
  ttlSeconds?: number;
}

/** Signs short-lived access tokens (RFC 9068 profile: `typ: at+jwt`, iss, aud, sub, exp, jti). */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly config: AuthConfig,
    private readonly keys: KeysService,
  ) {}

  get accessTokenTtl(): number {
    return this.config.ACCESS_TOKEN_TTL_SECONDS;
  }

  async accessToken(subject: AccessTokenSubject): Promise<string> {
    const { kid, privateKey } = this.keys.signingKey;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sid: subject.sessionId,
      ...(subject.scopes?.length ? { scope: subject.scopes.join(' ') } : {}),
      ...(subject.clientId ? { client_id: subject.clientId } : {}),
      ...(subject.companyId ? { company_id: subject.companyId } : {}),
      ...(subject.actorUserId ? { act: { sub: subject.actorUserId } } : {}),
    })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setSubject(subject.userId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + (subject.ttlSeconds ?? this.config.ACCESS_TOKEN_TTL_SECONDS))
      .setJti(randomUUID())
      .sign(privateKey);
  }

  /** An OpenID Connect ID token for `clientId` (audience), signed with the same key. */
  async idToken(userId: string, clientId: string, claims: Record<string, unknown>): Promise<string> {
    const { kid, privateKey } = this.keys.signingKey;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid, typ: 'JWT' })
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(clientId)
      .setSubject(userId)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.ACCESS_TOKEN_TTL_SECONDS)
      .sign(privateKey);
  }
}
