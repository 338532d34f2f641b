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
    })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setSubject(subject.userId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.config.ACCESS_TOKEN_TTL_SECONDS)
      .setJti(randomUUID())
      .sign(privateKey);
  }
}
