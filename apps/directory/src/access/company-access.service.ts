import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, CompanyRole, MemberStatus, ProviderRole } from '@roster/contracts';
import { Caller, currentRequestMeta } from '@roster/messaging';
import { preparedQuery } from '@roster/persistence';
import { AccessLevel, ipAllowed, LEVELS, resolveAccess } from './access-policy';

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
  /** The company's IP allow-list (`companies.ip_allow_list`). */
  ip_allow_list: string[];
}

/**
 * Why a member is refused at the door: the company allows only some client addresses and the request
 * comes from another one.
 */
export type AccessOutcome = CompanyAccess | 'disabled' | 'ip_not_allowed' | null;

/**
 * The tenant check of every directory read and write. A caller who is not a member (nor an administrator
 * of the company's provider) gets 404, so nobody learns that a company exists; a member whose role is too
 * low, or whose membership is disabled, gets 403. One indexed query: company by id, membership and
 * provider administrator by primary key.
 *
 * A company's IP allow-list binds its members on every request that comes from a client (the gateway's
 * request meta carries the address): from elsewhere they get 403. Provider administrators are bound by
 * their provider, not by each customer's list, so a customer cannot lock its MSP out; event handlers and
 * timers (no client) are not bound.
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
    return access === 'disabled' || access === 'ip_not_allowed' ? null : access;
  }

  /** Like `find`, but tells a disabled member ('disabled') and a refused address ('ip_not_allowed') apart. */
  async resolve(
    userId: string,
    companyId: string,
    manager?: EntityManager,
    options: AccessOptions = {},
  ): Promise<AccessOutcome> {
    // Prepared (one of four variants, parsed and planned once per connection): nearly every request of
    // this service runs it.
    const rows = await preparedQuery<AccessRow>(
      manager ?? this.dataSource,
      `directory.access-${options.includeDeleted ? 'any' : 'live'}-${options.lock ? 'lock' : 'read'}`,
      `SELECT m.role, m.status, pa.role AS provider_role, c.ip_allow_list
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

/**
 * The caller's access from the access row (`role`, `status`, `provider_role`, `ip_allow_list`; see
 * `resolve`), with the client address of the request being handled, if any.
 */
export function accessFromRow(userId: string, companyId: string, row: AccessRow): AccessOutcome {
  const clientIp = currentRequestMeta()?.ip;
  const { role, status, provider_role } = row;
  const resolved = resolveAccess({
    membership: role && status ? { role, status } : null,
    providerRole: provider_role,
  });
  if (resolved.kind === 'none') return null;
  if (resolved.kind === 'disabled') return 'disabled';
  if (resolved.via === 'member' && clientIp && !ipAllowed(row.ip_allow_list, clientIp)) {
    return 'ip_not_allowed';
  }
  return { companyId, userId, role: resolved.role, via: resolved.via };
}

/**
 * `require`'s refusals: 404 when the company does not exist for the caller, 403 when disabled, from an
 * address the company does not allow, or too low.
 */
export function requireLevel(access: AccessOutcome, level: AccessLevel): CompanyAccess {
  if (!access) throw new AppError('NOT_FOUND', 'Company not found');
  if (access === 'disabled') throw new AppError('FORBIDDEN', 'Your membership in this company is disabled');
  if (access === 'ip_not_allowed') {
    throw new AppError(
      'FORBIDDEN',
      'This company allows access only from the addresses in its IP allow-list',
    );
  }
  if (!LEVELS[level].includes(access.role)) {
    throw new AppError('FORBIDDEN', `Your role (${access.role}) may not ${level} this company`);
  }
  return access;
}
