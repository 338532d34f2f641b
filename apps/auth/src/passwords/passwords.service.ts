import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  ApiTokenRevoked,
  AppError,
  ChangePasswordRequest,
  ChangePasswordResponse,
  PasswordChanged,
  PasswordResetRequested,
  PasswordStrengthResponse,
  ResetPasswordRequest,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { AccountLogService } from '../account-log/account-log.service';
import { SessionUser } from '../common/actor';
import { newOpaqueToken, sha256Hex } from '../common/secrets';
import { AuthConfig } from '../config/auth.config';
import { LoginAttemptsService } from '../login-attempts/login-attempts.service';
import { SessionsService } from '../sessions/sessions.service';
import { checkPasswordPolicy } from '../users/password-policy';
import { PasswordHasher } from '../users/password-hasher';
import { normalizeEmail, UsersService } from '../users/users.service';
import { UserEntity } from '../users/user.entity';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { passwordStrength } from './password-strength';

/** `prt_` + 256 random bits: what the reset link carries. */
const RESET_TOKEN_PREFIX = 'prt_';

/** Changing, forgetting and resetting passwords; strength estimates. */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly attempts: LoginAttemptsService,
    private readonly sessions: SessionsService,
    private readonly accountLog: AccountLogService,
    private readonly outbox: OutboxService,
    private readonly config: AuthConfig,
  ) {}

  /** The owner changes it, proving the current one; every other session ends. */
  async change(
    caller: SessionUser,
    request: ChangePasswordRequest,
    meta: RequestMeta,
  ): Promise<ChangePasswordResponse> {
    const user = await this.users.requireActive(caller.userId);
    await this.attempts.assertAllowed(user.email, meta.ip);
    const correct = await this.hasher.verify(user.passwordHash, request.currentPassword);
    await this.attempts.record({
      email: user.email,
      ip: meta.ip,
      succeeded: correct,
      kind: 'reauthentication',
    });
    if (!correct) {
      throw new AppError('UNPROCESSABLE', 'currentPassword: is not correct', [
        { field: 'currentPassword', message: 'is not correct' },
      ]);
    }
    if (request.newPassword === request.currentPassword) {
      throw new AppError('UNPROCESSABLE', 'newPassword: must differ from the current password', [
        { field: 'newPassword', message: 'must differ from the current password' },
      ]);
    }
    this.assertPolicy(request.newPassword, user.email);
    const passwordHash = await this.hasher.hash(request.newPassword);
    const revokedSessions = await this.dataSource.transaction(async (manager) => {
      const revoked = await this.sessions.revokeAllOf(
        manager,
        user.id,
        'password_changed',
        caller.sessionId,
        meta,
      );
      await this.setPassword(manager, user, passwordHash, 'change', revoked, meta);
      return revoked;
    });
    return { changed: true, revokedSessions };
  }

  /**
   * Always `{ accepted: true }` (202), whether or not the e-mail has an account. For an active account, a
   * new single-use token goes out by event, at most PASSWORD_RESET_MAX_PER_ACCOUNT times per window
   * (counted on the account's tokens, under a lock on the user's row so concurrent requests cannot slip
   * past); beyond that nothing is sent, and the answer is the same.
   */
  async forgot(email: string, meta: RequestMeta): Promise<{ accepted: true }> {
    const user = await this.users.findByEmail(normalizeEmail(email));
    if (user?.status === 'active') {
      const token = newOpaqueToken(RESET_TOKEN_PREFIX);
      const expiresAt = new Date(Date.now() + this.config.PASSWORD_RESET_TTL_SECONDS * 1000);
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [user.id]);
        const [{ n }]: Array<{ n: string }> = await manager.query(
          `SELECT count(*) AS n FROM password_reset_tokens
            WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)`,
          [user.id, this.config.PASSWORD_RESET_WINDOW_SECONDS],
        );
        if (Number(n) >= this.config.PASSWORD_RESET_MAX_PER_ACCOUNT) {
          this.logger.log(`Password reset for user ${user.id} throttled (${n} within the window)`);
          return;
        }
        await manager.insert(PasswordResetTokenEntity, {
          id: randomUUID(),
          userId: user.id,
          tokenHash: sha256Hex(token),
          expiresAt,
        });
        // The raw token travels only on the internal AUTH_EVENTS stream (see PasswordResetRequestedData).
        await this.outbox.add(
          manager,
          PasswordResetRequested,
          { userId: user.id, email: user.email, token, expiresAt: expiresAt.toISOString() },
          { tenantId: null, actor: meta.actor, correlationId: meta.requestId },
        );
        await this.accountLog.record(user.id, 'password_reset_requested', meta, {}, manager);
      });
    }
    return { accepted: true };
  }

  /**
   * Sets a new password with a reset token. Unknown token: 400 naming `token`; used or expired: 410.
   * The token is spent only when the new password is accepted, so a weak one can be corrected.
   * Every session ends, every other reset token dies, and the account's lockout is lifted. The account's
   * personal API tokens are deactivated (not deleted): a reset is how an owner takes back an account
   * whose password may be known to someone else, who could have minted tokens with it. The owner sees
   * them inactive in `/me/tokens` and turns back on the ones they recognise. A password change (by
   * someone who knows the current password) leaves them alone.
   */
  async reset(request: ResetPasswordRequest, meta: RequestMeta): Promise<{ reset: true }> {
    const tokenHash = sha256Hex(request.token);
    const found = await this.dataSource.getRepository(PasswordResetTokenEntity).findOneBy({ tokenHash });
    if (!found) {
      throw new AppError('VALIDATION_FAILED', 'token: is not a valid password-reset token', [
        { field: 'token', message: 'is not a valid password-reset token' },
      ]);
    }
    const user = await this.users.findById(found.userId);
    if (found.usedAt || found.expiresAt <= new Date() || user?.status !== 'active') {
      throw new AppError('GONE', 'This password-reset link has been used or has expired; ask for a new one');
    }
    this.assertPolicy(request.newPassword, user.email);
    const passwordHash = await this.hasher.hash(request.newPassword);
    await this.dataSource.transaction(async (manager) => {
      const spent = await manager
        .createQueryBuilder()
        .update(PasswordResetTokenEntity)
        .set({ usedAt: () => 'now()' })
        .where('id = :id AND used_at IS NULL AND expires_at > now()', { id: found.id })
        .execute();
      if (!spent.affected) throw new AppError('GONE', 'This password-reset link has just been used');
      await manager.update(
        PasswordResetTokenEntity,
        { userId: user.id, usedAt: IsNull() },
        { usedAt: new Date() },
      );
      const revoked = await this.sessions.revokeAllOf(manager, user.id, 'password_reset', undefined, meta);
      await this.setPassword(manager, user, passwordHash, 'reset', revoked, meta);
      await this.deactivateApiTokens(manager, user.id, meta);
      await this.attempts.record(
        { email: user.email, ip: meta.ip, succeeded: true, kind: 'reauthentication' },
        manager,
      );
    });
    return { reset: true };
  }

  private async deactivateApiTokens(
    manager: EntityManager,
    userId: string,
    meta: RequestMeta,
  ): Promise<void> {
    const result: unknown[] = await manager.query(
      `UPDATE api_tokens SET active = false, updated_at = now() WHERE user_id = $1 AND active RETURNING id, name`,
      [userId],
    );
    // UPDATE … RETURNING comes back as [rows, count] from the pg driver through TypeORM.
    const rows = (Array.isArray(result[0]) ? result[0] : result) as Array<{ id: string; name: string }>;
    const revokedAt = new Date().toISOString();
    for (const row of rows) {
      await this.outbox.add(
        manager,
        ApiTokenRevoked,
        { tokenId: row.id, userId, reason: 'password_reset', revokedAt },
        eventMetaOf(meta, null),
      );
      await this.accountLog.record(
        userId,
        'api_token_updated',
        meta,
        { tokenId: row.id, name: row.name, active: false, reason: 'password_reset' },
        manager,
      );
    }
  }

  strength(password: string): PasswordStrengthResponse {
    return passwordStrength(password);
  }

  private assertPolicy(password: string, email: string): void {
    const reasons = checkPasswordPolicy(password, email);
    if (reasons.length) {
      throw new AppError(
        'WEAK_PASSWORD',
        `newPassword ${reasons.join('; ')}`,
        reasons.map((message) => ({ field: 'newPassword', message })),
      );
    }
  }

  private async setPassword(
    manager: EntityManager,
    user: UserEntity,
    passwordHash: string,
    via: 'change' | 'reset',
    revokedSessions: number,
    meta: RequestMeta,
  ): Promise<void> {
    const changedAt = new Date();
    await manager.update(UserEntity, { id: user.id }, { passwordHash });
    await this.outbox.add(
      manager,
      PasswordChanged,
      { userId: user.id, via, changedAt: changedAt.toISOString(), revokedSessions },
      { tenantId: null, actor: meta.actor, correlationId: meta.requestId },
    );
    await this.accountLog.record(
      user.id,
      via === 'change' ? 'password_changed' : 'password_reset',
      meta,
      { revokedSessions },
      manager,
    );
  }
}
