import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CompanyRole, ListQuery } from '@roster/contracts';
import { applyListQuery, ColumnMap } from '@roster/persistence';
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

/**
 * The only place that queries companies. Every read is scoped to a user's memberships, so a company
 * the user does not belong to is simply not found.
 */
@Injectable()
export class CompaniesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findForUser(
    userId: string,
    companyId: string,
    manager?: EntityManager,
  ): Promise<CompanyWithRole | null> {
    const qb = (manager ?? this.dataSource.manager)
      .createQueryBuilder(CompanyEntity, 'c')
      .innerJoin(MembershipEntity, 'm', 'm.company_id = c.id AND m.user_id = :userId', { userId })
      .addSelect('m.role', 'm_role')
      .where('c.id = :companyId AND c.deleted_at IS NULL', { companyId });
    if (manager) qb.setLock('pessimistic_write', undefined, ['c']);
    const { entities, raw } = await qb.getRawAndEntities<{ m_role: CompanyRole }>();
    return entities[0] ? { company: entities[0], role: raw[0].m_role } : null;
  }

  async listForUser(userId: string, query: ListQuery): Promise<{ rows: CompanyWithRole[]; total: number }> {
    const qb = this.dataSource.manager
      .createQueryBuilder(CompanyEntity, 'c')
      .innerJoin(MembershipEntity, 'm', 'm.company_id = c.id AND m.user_id = :userId', { userId })
      .addSelect('m.role', 'm_role')
      .where('c.deleted_at IS NULL');
    applyListQuery(qb, query, COMPANY_COLUMNS, 'c.id');
    const [{ entities, raw }, total] = await Promise.all([
      qb.getRawAndEntities<{ m_role: CompanyRole; c_id: string }>(),
      qb.clone().offset(undefined).limit(undefined).orderBy().getCount(),
    ]);
    const roles = new Map(raw.map((r) => [r.c_id, r.m_role]));
    return { rows: entities.map((company) => ({ company, role: roles.get(company.id)! })), total };
  }

  async roleOf(userId: string, companyId: string): Promise<CompanyRole | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(MembershipEntity, 'm')
      .innerJoin(CompanyEntity, 'c', 'c.id = m.company_id AND c.deleted_at IS NULL')
      .where('m.company_id = :companyId AND m.user_id = :userId', { companyId, userId })
      .getOne();
    return row?.role ?? null;
  }
}
