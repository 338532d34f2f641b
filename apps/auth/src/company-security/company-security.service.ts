import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppError,
  CheckCompanyAccess,
  PasswordChanged,
  TwoFactorDisabled,
  TwoFactorStatsResponse,
} from '@roster/contracts';
import { BusClient, eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { AccountLogService } from '../account-log/account-log.service';
import { requireSessionUser } from '../common/actor';
import { requireCompanyAdmin } from '../common/company-access';
import { SessionsService } from '../sessions/sessions.service';
import { RecoveryCodeEntity } from '../two-factor/recovery-code.entity';
import { TotpFactorEntity } from '../two-factor/totp-factor.entity';
import { checkPasswordPolicy } from '../users/password-policy';
import { PasswordHasher } from '../users/password-hasher';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/** A company's owners and admins on its members' credentials, and its 2FA adoption. */
@Injectable()
export class CompanySecurityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
    private readonly accountLog: AccountLogService,
  ) {}

  async setMemberPassword(
    companyId: string,
    userId: string,
    newPassword: string,
    meta: RequestMeta,
  ): Promise<{ revokedSessions: number }> {
    const adminId = await this.requireManageableMember(companyId, userId, meta);
    const user = await this.users.requireActive(userId);
    const reasons = checkPasswordPolicy(newPassword, user.email);
    if (reasons.length) {
      throw new AppError(
        'WEAK_PASSWORD',
        `newPassword ${reasons.join('; ')}`,
        reasons.map((message) => ({ field: 'newPassword', message })),
      );
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const revokedSessions = await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id: userId }, { passwordHash });
      const revoked = await this.sessions.revokeAllOf(manager, userId, 'password_reset', undefined, meta);
      await this.outbox.add(
        manager,
        PasswordChanged,
        { userId, via: 'reset', changedAt: new Date().toISOString(), revokedSessions: revoked },
        eventMetaOf(meta, companyId),
      );
      await this.accountLog.record(
        userId,
        'password_reset',
        meta,
        { by: adminId, companyId, revokedSessions: revoked },
        manager,
      );
      return revoked;
    });
    return { revokedSessions };
  }

  async resetMemberTwoFactor(
    companyId: string,
    userId: string,
    meta: RequestMeta,
  ): Promise<{ reset: boolean }> {
    const adminId = await this.requireManageableMember(companyId, userId, meta);
    const reset = await this.dataSource.transaction(async (manager) => {
      const factor = await manager.findOneBy(TotpFactorEntity, { userId });
      if (!factor) return false;
      await manager.delete(TotpFactorEntity, { userId });
      await manager.delete(RecoveryCodeEntity, { userId });
      if (factor.status !== 'enabled') return false;
      await this.outbox.add(
        manager,
        TwoFactorDisabled,
        { userId, method: 'totp', disabledAt: new Date().toISOString() },
        eventMetaOf(meta, companyId),
      );
      await this.accountLog.record(userId, 'two_factor_disabled', meta, { by: adminId, companyId }, manager);
      return true;
    });
    return { reset };
  }

  async stats(companyId: string, meta: RequestMeta): Promise<TwoFactorStatsResponse> {
    await requireCompanyAdmin(this.bus, companyId, requireSessionUser(meta).userId, meta);
    const [row]: Array<{ members: string; with_2fa: string; enforced: boolean | null }> =
      await this.dataSource.query(
        `SELECT count(*) AS members,
              count(*) FILTER (WHERE f.status = 'enabled') AS with_2fa,
              (SELECT enforced_2fa FROM company_policies WHERE company_id = $1) AS enforced
         FROM company_members m LEFT JOIN totp_factors f ON f.user_id = m.user_id
        WHERE m.company_id = $1 AND m.present AND m.status = 'active'`,
        [companyId],
      );
    const members = Number(row.members);
    const withTwoFactor = Number(row.with_2fa);
    return {
      companyId,
      members,
      withTwoFactor,
      adoptionPercent: members ? Math.round((withTwoFactor / members) * 100) : 0,
      enforced: row.enforced ?? false,
    };
  }

  /**
   * The caller administers the company and the target is one of its members; an admin may not act on an
   * owner, and nobody on themselves this way (they have their own routes). Returns the caller's id.
   */
  private async requireManageableMember(
    companyId: string,
    userId: string,
    meta: RequestMeta,
  ): Promise<string> {
    const adminId = requireSessionUser(meta).userId;
    const caller = await requireCompanyAdmin(this.bus, companyId, adminId, meta);
    if (userId === adminId) {
      throw new AppError('UNPROCESSABLE', 'Use your own password and two-factor settings for yourself');
    }
    const target = await this.bus
      .request(CheckCompanyAccess, { companyId, userId }, meta)
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND')
          throw new AppError('NOT_FOUND', 'No such member in this company');
        throw error;
      });
    if (target.via !== 'member') throw new AppError('NOT_FOUND', 'No such member in this company');
    if (target.role === 'owner' && caller.role !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only an owner may manage an owner’s credentials');
    }
    return adminId;
  }
}
