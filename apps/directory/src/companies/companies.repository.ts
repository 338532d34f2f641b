import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CompanyRole, ListQuery } from '@roster/contracts';
import { applyListQuery, ColumnMap, totalOf } from '@roster/persistence';
import { CompanyEntity } from './company.entity';
import { MembershipEntity } from './membership.entity';

export interface CompanyWithRole {
  company: CompanyEntity;
  role: CompanyRole;
}

/** API field -> SQL column for company lists. */
export const COMPANY_COLUMNS: ColumnMap = {
  name: 'c.name',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
};

/** Company lists: scoped to the user's active memberships (customers of a provider are listed there). */
@Injectable()
export class CompaniesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listForUser(userId: string, query: ListQuery): Promise<{ rows: CompanyWithRole[]; total: number }> {
    const qb = this.dataSource.manager
      .createQueryBuilder(CompanyEntity, 'c')
      .innerJoin(
        MembershipEntity,
        'm',
        `m.company_id = c.id AND m.user_id = :userId AND m.status = 'active'`,
        { userId },
      )
      .addSelect('m.role', 'm_role')
      .where('c.deleted_at IS NULL');
    applyListQuery(qb, query, COMPANY_COLUMNS, 'c.id');
    const [{ entities, raw }, total] = await Promise.all([
      qb.getRawAndEntities<{ m_role: CompanyRole; c_id: string }>(),
      totalOf(qb),
    ]);
    const roles = new Map(raw.map((r) => [r.c_id, r.m_role]));
    return { rows: entities.map((company) => ({ company, role: roles.get(company.id)! })), total };
  }

  /**
   * Whether the platform, a company the user belongs to, or the provider of such a company forbids the
   * user to create companies.
   */
  async creationForbidden(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM memberships m
         JOIN companies c ON c.id = m.company_id AND c.deleted_at IS NULL
         LEFT JOIN providers p ON p.id = c.provider_id
        WHERE m.user_id = $1 AND m.status = 'active'
          AND (c.users_may_create_companies = false OR p.customers_may_create_companies = false)
        LIMIT 1`,
      [userId],
    );
    return rows.length > 0;
  }
}
