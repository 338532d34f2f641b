import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, LoginRequest, TokenPair, USER_AGENT_MAX_LENGTH } from '@roster/contracts';
import { RequestMeta } from '@roster/messaging';
import { AuthConfig } from '../config/auth.config';
import { TokenIssuer } from '../keys/token-issuer';
import { PasswordHasher } from '../users/password-hasher';
import { UsersService } from '../users/users.service';
import { hashRefreshToken, newRefreshToken } from './refresh-token';
import { RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';

interface RefreshRow {
  token_id: string;
  session_id: string;
  user_id: string;
  used_at: Date | null;
  token_expires_at: Date;
  revoked_at: Date | null;
  session_expires_at: Date;
}

type RefreshOutcome =
  { ok: true; userId: string; sessionId: string; token: string } | { ok: false; reason: string };

@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly issuer: TokenIssuer,
    private readonly config: AuthConfig,
  ) {}

  async login(request: LoginRequest, meta: RequestMeta): Promise<TokenPair> {
    const user = await this.users.findByEmail(request.email);
    const valid = await this.hasher.verifyOrDummy(user?.passwordHash, request.password);
    if (!user || !valid || user.status !== 'active') throw new AppError('INVALID_CREDENTIALS');

    const sessionId = randomUUID();
    const now = new Date();
    const refreshToken = await this.dataSource.transaction(async (manager) => {
      await manager.insert(SessionEntity, {
        id: sessionId,
        userId: user.id,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
      });
      return this.issueRefreshToken(manager, sessionId, now);
    });
    return this.tokenPair(user.id, sessionId, refreshToken);
  }

  /**
   * Rotation: each refresh token works once and is replaced. Presenting a used one means it was copied,
   * so the whole session (the token family) is revoked, for the thief and the owner alike.
   */
  async refresh(token: string): Promise<TokenPair> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<RefreshOutcome> => {
      const rows: RefreshRow[] = await manager.query(
        `SELECT rt.id AS token_id, rt.session_id, s.user_id, rt.used_at, rt.expires_at AS token_expires_at,
                s.revoked_at, s.expires_at AS session_expires_at
           FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
          WHERE rt.token_hash = $1
          FOR UPDATE OF rt, s`,
        [hashRefreshToken(token)],
      );
      const row = rows[0];
      const now = new Date();
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.revoked_at) return { ok: false, reason: 'session revoked' };
      if (row.used_at) {
        await manager.update(
          SessionEntity,
          { id: row.session_id },
          { revokedAt: now, revokedReason: 'refresh_token_reuse' },
        );
        return { ok: false, reason: 'reused' };
      }
      if (row.token_expires_at <= now || row.session_expires_at <= now)
        return { ok: false, reason: 'expired' };
      await manager.update(RefreshTokenEntity, { id: row.token_id }, { usedAt: now });
      await manager.update(SessionEntity, { id: row.session_id }, { lastUsedAt: now });
      const next = await this.issueRefreshToken(manager, row.session_id, now);
      return { ok: true, userId: row.user_id, sessionId: row.session_id, token: next };
    });
    if (!outcome.ok)
      throw new AppError('INVALID_REFRESH_TOKEN', `The refresh token is not valid (${outcome.reason})`);
    return this.tokenPair(outcome.userId, outcome.sessionId, outcome.token);
  }

  /** Ends the caller's session; only its owner can. */
  async logout(sessionId: string, userId: string): Promise<{ revoked: boolean }> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: 'logout' })
      .where('id = :sessionId AND user_id = :userId AND revoked_at IS NULL', { sessionId, userId })
      .execute();
    return { revoked: (result.affected ?? 0) > 0 };
  }

  private async issueRefreshToken(manager: EntityManager, sessionId: string, now: Date): Promise<string> {
    const token = newRefreshToken();
    await manager.insert(RefreshTokenEntity, {
      id: randomUUID(),
      sessionId,
      tokenHash: hashRefreshToken(token),
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    return token;
  }

  private async tokenPair(userId: string, sessionId: string, refreshToken: string): Promise<TokenPair> {
    return {
      accessToken: await this.issuer.accessToken({ userId, sessionId }),
      tokenType: 'Bearer',
      expiresIn: this.issuer.accessTokenTtl,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_SECONDS,
      sessionId,
    };
  }
}
