import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  AppError,
  CompanyRole,
  ListQuery,
  MemberLogEntryResponse,
  MemberResponse,
  MemberStatus,
} from '@roster/contracts';
import { applyListQuery, ColumnMap, preparedQuery, rawPageWithTotal } from '@roster/persistence';
import { MembershipEntity } from '../companies/membership.entity';
import { ProfileEntity } from '../profiles/profile.entity';
import { MemberLogEntity } from './member-log.entity';
import { UserTwoFactorEntity } from '../statistics/user-two-factor.entity';
import type { AccessRow } from '../access/company-access.service';

/** API field -> SQL for member lists. */
/** Filters on what a member is linked to (as member or leader for groups): an indexed EXISTS each. */
const LINK_FILTERS: Readonly<Record<string, { table: string; column: string }>> = {
  orgUnit: { table: 'org_unit_members', column: 'org_unit_id' },
  group: { table: 'group_members', column: 'group_id' },
  label: { table: 'member_labels', column: 'label_id' },
};

export const MEMBER_COLUMNS: ColumnMap = {
  role: 'm.role',
  status: 'm.status',
  twoFactorEnabled: 'COALESCE(t.enabled, false)',
  email: 'p.email',
  displayName: 'p.display_name',
  search: `(COALESCE(p.display_name, '') || ' ' || COALESCE(p.email, ''))`,
  createdAt: 'm.created_at',
  updatedAt: 'm.updated_at',
};

interface MemberRow {
  company_id: string;
  user_id: string;
  role: CompanyRole;
  status: MemberStatus;
  email: string | null;
  display_name: string | null;
  two_factor: boolean;
  created_at: Date;
  updated_at: Date;
}

function toMember(row: MemberRow): MemberResponse {
  return {
    companyId: row.company_id,
    userId: row.user_id,
    email: row.email ?? '',
    displayName: row.display_name ?? '',
    role: row.role,
    status: row.status,
    twoFactorEnabled: row.two_factor,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface MemberProfile {
  userId: string;
  email: string | null;
  displayName: string | null;
  twoFactor: boolean;
}

/** A member answer from a membership and its profile (the same fields `get` reads). */
export function memberResponse(membership: MembershipEntity, profile: MemberProfile): MemberResponse {
  return toMember({
    company_id: membership.companyId,
    user_id: membership.userId,
    role: membership.role,
    status: membership.status,
    email: profile.email,
    display_name: profile.displayName,
    two_factor: profile.twoFactor,
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  });
}

export const MEMBER_LOG_COLUMNS: ColumnMap = { action: 'l.action', at: 'l.at' };

/** Member reads: memberships joined by primary key to profiles and the two-factor flag (no N+1). */
@Injectable()
export class MembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private base(manager: EntityManager, companyId: string): SelectQueryBuilder<MembershipEntity> {
    return manager
      .createQueryBuilder(MembershipEntity, 'm')
      .leftJoin(ProfileEntity, 'p', 'p.user_id = m.user_id')
      .leftJoin(UserTwoFactorEntity, 't', 't.user_id = m.user_id')
      .select([
        'm.company_id AS company_id',
        'm.user_id AS user_id',
        'm.role AS role',
        'm.status AS status',
        'p.email AS email',
        'p.display_name AS display_name',
        'COALESCE(t.enabled, false) AS two_factor',
        'm.created_at AS created_at',
        'm.updated_at AS updated_at',
      ])
      .where('m.company_id = :companyId', { companyId });
  }

  async list(companyId: string, query: ListQuery): Promise<{ items: MemberResponse[]; total: number }> {
    for (const term of query.filter)
      if (term.field === 'twoFactorEnabled' && term.values.some((v) => v !== 'true' && v !== 'false'))
        throw new AppError('VALIDATION_FAILED', 'twoFactorEnabled: must be true or false', [
          { field: 'filter', message: 'twoFactorEnabled must be true or false' },
        ]);
    const qb = this.base(this.dataSource.manager, companyId);
    const links = query.filter.filter((term) => term.field in LINK_FILTERS);
    links.forEach((term, i) => {
      if (term.op !== 'eq' && term.op !== 'in')
        throw new AppError('VALIDATION_FAILED', `${term.field}: only eq and in`, [
          { field: 'filter', message: `${term.field} takes eq or in` },
        ]);
      if (!term.values.every((v) => isUUID(v)))
        throw new AppError('VALIDATION_FAILED', `${term.field}: must be ids`, [
          { field: 'filter', message: `${term.field} values must be UUIDs` },
        ]);
      const { table, column } = LINK_FILTERS[term.field];
      qb.andWhere(
        `EXISTS (SELECT 1 FROM ${table} l${i} WHERE l${i}.company_id = m.company_id
           AND l${i}.user_id = m.user_id AND l${i}.${column} IN (:...link${i}))`,
        { [`link${i}`]: term.values },
      );
    });
    const columnQuery = Object.assign(new ListQuery(), query, {
      filter: query.filter.filter((term) => !(term.field in LINK_FILTERS)),
    });
    applyListQuery(qb, columnQuery, MEMBER_COLUMNS, 'm.user_id');
    // A plain count: a membership is one row (primary key) and the joins are on unique keys, so the
    // DISTINCT that getCount() adds would only cost a sort of every matching membership.
    const { rows, total } = await rawPageWithTotal<MemberRow>(qb);
    return { items: rows.map(toMember), total };
  }

  async get(companyId: string, userId: string, manager?: EntityManager): Promise<MemberResponse | null> {
    const row = await this.base(manager ?? this.dataSource.manager, companyId)
      .andWhere('m.user_id = :userId', { userId })
      .getRawOne<MemberRow>();
    return row ? toMember(row) : null;
  }

  /**
   * The member GET in one round trip: the caller's access row (as CompanyAccessService.resolve reads it)
   * and the member, both from the company's row; null when the company does not exist (or is deleted).
   */
  async getWithAccess(
    callerId: string,
    companyId: string,
    userId: string,
  ): Promise<{ access: AccessRow; member: MemberResponse | null } | null> {
    const rows: (AccessRow & { caller_role: CompanyRole | null; caller_status: MemberStatus | null } & Omit<
        MemberRow,
        'company_id' | 'user_id' | 'role' | 'status'
      > & { member_id: string | null; member_role: CompanyRole; member_status: MemberStatus })[] =
      await preparedQuery(
        this.dataSource,
        'directory.member-get-with-access',
        `SELECT a.role AS caller_role, a.status AS caller_status, pa.role AS provider_role, c.ip_allow_list,
                m.user_id AS member_id, m.role AS member_role, m.status AS member_status,
                p.email, p.display_name, COALESCE(t.enabled, false) AS two_factor, m.created_at, m.updated_at
           FROM companies c
           LEFT JOIN memberships a ON a.company_id = c.id AND a.user_id = $2
           LEFT JOIN provider_administrators pa ON pa.provider_id = c.provider_id AND pa.user_id = $2
           LEFT JOIN memberships m ON m.company_id = c.id AND m.user_id = $3
           LEFT JOIN profiles p ON p.user_id = m.user_id
           LEFT JOIN user_two_factor t ON t.user_id = m.user_id
          WHERE c.id = $1 AND c.deleted_at IS NULL`,
        [companyId, callerId, userId],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      access: {
        role: row.caller_role,
        status: row.caller_status,
        provider_role: row.provider_role,
        ip_allow_list: row.ip_allow_list,
      },
      member: row.member_id
        ? toMember({
            ...row,
            company_id: companyId,
            user_id: row.member_id,
            role: row.member_role,
            status: row.member_status,
          })
        : null,
    };
  }

  async log(
    companyId: string,
    userId: string,
    query: ListQuery,
  ): Promise<{ items: MemberLogEntryResponse[]; total: number }> {
    const qb = this.dataSource.manager
      .createQueryBuilder(MemberLogEntity, 'l')
      .where('l.company_id = :companyId AND l.user_id = :userId', { companyId, userId });
    applyListQuery(qb, query, MEMBER_LOG_COLUMNS, 'l.id');
    const [rows, total] = await qb.getManyAndCount();
    return {
      items: rows.map((l) => ({
        id: l.id,
        companyId: l.companyId,
        userId: l.userId,
        action: l.action,
        role: l.role,
        status: l.status,
        previousRole: l.previousRole,
        sequence: l.sequence,
        actor: {
          type: l.actorType,
          id: l.actorId,
          ...(l.actorImpersonatorId ? { impersonatorId: l.actorImpersonatorId } : {}),
        },
        ip: l.ip,
        userAgent: l.userAgent,
        at: l.at.toISOString(),
      })),
      total,
    };
  }

  /** A profile by e-mail (case-insensitive) with what a member answer shows of it, or null. */
  async findProfileByEmail(email: string, manager: EntityManager): Promise<MemberProfile | null> {
    const rows = await preparedQuery<{
      user_id: string;
      email: string | null;
      display_name: string | null;
      two_factor: boolean;
    }>(
      manager,
      'directory.profile-by-email',
      `SELECT p.user_id, p.email, p.display_name, COALESCE(t.enabled, false) AS two_factor
           FROM profiles p LEFT JOIN user_two_factor t ON t.user_id = p.user_id
          WHERE lower(p.email) = lower($1)
          LIMIT 1`,
      [email],
    );
    const row = rows[0];
    return row
      ? { userId: row.user_id, email: row.email, displayName: row.display_name, twoFactor: row.two_factor }
      : null;
  }

  async findUserIdByEmail(email: string, manager?: EntityManager): Promise<string | null> {
    const row = await (manager ?? this.dataSource.manager)
      .createQueryBuilder(ProfileEntity, 'p')
      .where('lower(p.email) = lower(:email)', { email })
      .getOne();
    return row?.userId ?? null;
  }
}
