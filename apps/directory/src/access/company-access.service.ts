import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, CompanyRole, MemberStatus, ProviderRole } from '@roster/contracts';
import type { Caller } from '@roster/messaging';
import { AccessLevel, LEVELS, resolveAccess } from './access-policy';

export type { AccessLevel } from './access-policy';

export interface CompanyAccess {
  companyId: string;
  userId: string;
  role: CompanyRole;
  /** `provider`: the user administers the company's provider (MSP) and acts as an admin. */
  via: 'member' | 'provider';
}

export interface AccessOptions {
  /** Lock the company row (FOR NO KEY UPDATE, see MembershipWriter.lockCompany) so membership changes of this company run one at a time. */
  lock?: boolean;
  /** Also find soft-deleted companies (restore). */
  includeDeleted?: boolean;
}

export interface AccessRow {
  role: CompanyRole | null;
  status: MemberStatus | null;
  provider_role: ProviderRole | null;
}

/**
 * The tenant check of every directory read and write. A caller who is not a member (nor an administrator
 * of the company's provider) gets 404, so nobody learns that a company exists; a member whose role is too
 * low, or whose membership is disabled, gets 403. One indexed query: company by id, membership and
 * provider administrator by primary key.
 */
@Injectable()
export class CompanyAccessService {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's access, or null when the company does not exist for them (or their membership is disabled). */
  async find(
    userId: string,
    companyId: string,
    manager?: EntityManager,
    options: AccessOptions = {},
  ): Promise<CompanyAccess | null> {
    const access = await this.resolve(userId, companyId, manager, options);
    return access === 'disabled' ? null : access;
  }

  /** Like `find`, but tells a disabled member apart ('disabled'). */
  async resolve(
    userId: string,
    companyId: string,
    manager?: EntityManager,
    options: AccessOptions = {},
  ): Promise<CompanyAccess | 'disabled' | null> {
    const rows: AccessRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT m.role, m.status, pa.role AS provider_role
         FROM companies c
         LEFT JOIN memberships m ON m.company_id = c.id AND m.user_id = $2
         LEFT JOIN provider_administrators pa ON pa.provider_id = c.provider_id AND pa.user_id = $2
        WHERE c.id = $1 ${options.includeDeleted ? '' : 'AND c.deleted_at IS NULL'}
        ${options.lock ? 'FOR NO KEY UPDATE OF c' : ''}`,
      [companyId, userId],
    );
    return rows[0] ? accessFromRow(userId, companyId, rows[0]) : null;
  }

  /**
   * Like `require`, for routes open to applications too: a company's OAuth application acting for itself
   * (`client_credentials`) may only read, and only its own company (any other company does not exist for
   * it: 404). It is never a member, an operator or a provider administrator.
   */
  async requireCaller(caller: Caller, companyId: string, level: AccessLevel): Promise<void> {
    if (caller.kind === 'user') {
      await this.require(caller.userId, companyId, level);
      return;
    }
    if (caller.companyId !== companyId) throw new AppError('NOT_FOUND', 'Company not found');
    const [company]: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM companies WHERE id = $1 AND deleted_at IS NULL`,
      [companyId],
    );
    if (!company) throw new AppError('NOT_FOUND', 'Company not found');
    if (level !== 'read') throw new AppError('FORBIDDEN', 'An application’s own token may only read');
  }

  async require(
    userId: string,
    companyId: string,
    level: AccessLevel,
    manager?: EntityManager,
    options: AccessOptions = {},
  ): Promise<CompanyAccess> {
    return requireLevel(await this.resolve(userId, companyId, manager, options), level);
  }
}

/** The caller's access from the access row (`role`, `status`, `provider_role`; see `resolve`). */
export function accessFromRow(
  userId: string,
  companyId: string,
  row: AccessRow,
): CompanyAccess | 'disabled' | null {
  const { role, status, provider_role } = row;
  const resolved = resolveAccess({
    membership: role && status ? { role, status } : null,
    providerRole: provider_role,
  });
  if (resolved.kind === 'none') return null;
  if (resolved.kind === 'disabled') return 'disabled';
  return { companyId, userId, role: resolved.role, via: resolved.via };
}

/** `require`'s refusals: 404 when the company does not exist for the caller, 403 when disabled or too low. */
export function requireLevel(access: CompanyAccess | 'disabled' | null, level: AccessLevel): CompanyAccess {
  if (!access) throw new AppError('NOT_FOUND', 'Company not found');
  if (access === 'disabled') throw new AppError('FORBIDDEN', 'Your membership in this company is disabled');
  if (!LEVELS[level].includes(access.role)) {
    throw new AppError('FORBIDDEN', `Your role (${access.role}) may not ${level} this company`);
  }
  return access;
}
