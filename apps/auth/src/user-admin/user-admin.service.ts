import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, UserDisabled, UserEnabled, UserStatusResponse } from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta, requireUser } from '@roster/messaging';
import { AccountLogService } from '../account-log/account-log.service';
import { AuthConfig } from '../config/auth.config';
import { SessionsService } from '../sessions/sessions.service';

/**
 * Platform operators (`PLATFORM_OPERATORS`) disable and enable accounts. Disabling is one transaction: the
 * status, every live session the user holds (logins, OAuth grants, impersonations of them) and every
 * impersonation they run are revoked, `auth.events.session.revoked` tells the gateways to deny those
 * sessions' access tokens, and `auth.events.user.disabled` tells the other contexts and the gateways (which
 * drop the user's API tokens they remember). Refresh tokens need nothing more, and auth's API-token
 * introspection refuses a disabled owner: auth checks the account's status on each use.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AuthConfig,
    private readonly sessions: SessionsService,
    private readonly accountLog: AccountLogService,
    private readonly outbox: OutboxService,
  ) {}

  async disable(userId: string, meta: RequestMeta): Promise<UserStatusResponse> {
    const operatorId = this.requireOperator(meta);
    if (operatorId === userId) {
      throw new AppError('UNPROCESSABLE', 'An operator cannot disable their own account');
    }
    return this.dataSource.transaction(async (manager) => {
      const changed = await this.setStatus(manager, userId, 'disabled');
      if (!changed) return { userId, status: 'disabled' as const, revokedSessions: 0 };
      const revoked =
        (await this.sessions.revokeAllOf(manager, userId, 'user_disabled', undefined, meta)) +
        (await this.sessions.revokeImpersonationsBy(
          manager,
          userId,
          null,
          'user_disabled',
          eventMetaOf(meta, null),
        ));
      await this.accountLog.record(userId, 'account_disabled', meta, { by: operatorId }, manager);
      await this.outbox.add(
        manager,
        UserDisabled,
        { userId, at: new Date().toISOString() },
        eventMetaOf(meta, null),
      );
      return { userId, status: 'disabled' as const, revokedSessions: revoked };
    });
  }

  async enable(userId: string, meta: RequestMeta): Promise<UserStatusResponse> {
    const operatorId = this.requireOperator(meta);
    return this.dataSource.transaction(async (manager) => {
      const changed = await this.setStatus(manager, userId, 'active');
      if (changed) {
        await this.accountLog.record(userId, 'account_enabled', meta, { by: operatorId }, manager);
        await this.outbox.add(
          manager,
          UserEnabled,
          { userId, at: new Date().toISOString() },
          eventMetaOf(meta, null),
        );
      }
      return { userId, status: 'active' as const };
    });
  }

  private requireOperator(meta: RequestMeta): string {
    const userId = requireUser(meta);
    // Only the operator's own full session: never an API token, an OAuth grant or an impersonation.
    const delegated = !!meta.actor.scopes?.length || !!meta.actor.impersonatorId;
    if (!this.config.operatorIds.has(userId) || delegated) {
      throw new AppError('FORBIDDEN', 'Only platform operators may do this');
    }
    return userId;
  }

  /** True when the status changed; NOT_FOUND for an unknown user. Locks the user's row. */
  private async setStatus(
    manager: import('typeorm').EntityManager,
    userId: string,
    status: 'active' | 'disabled',
  ): Promise<boolean> {
    const [row]: Array<{ status: string }> = await manager.query(
      `SELECT status FROM users WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such user');
    if (row.status === status) return false;
    await manager.query(`UPDATE users SET status = $2, updated_at = now() WHERE id = $1`, [userId, status]);
    return true;
  }
}
