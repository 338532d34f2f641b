import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, CompanyRole } from '@roster/contracts';
import { CompanyEntity } from '../companies/company.entity';
import { MembershipEntity } from '../companies/membership.entity';

/** What a caller wants to do in a company; each level includes the ones before it. */
export type AccessLevel = 'read' | 'manage' | 'own';

const LEVELS: Record<AccessLevel, readonly CompanyRole[]> = {
  read: ['owner', 'admin', 'member'],
  manage: ['owner', 'admin'],
  own: ['owner'],
};

export interface CompanyAccess {
  companyId: string;
  userId: string;
  role: CompanyRole;
  /** `provider`: the user administers the company's provider (MSP) and acts as an admin. */
  via: 'member' | 'provider';
}

/**
 * The tenant check of every directory read and write. A caller who is not a member (nor an administrator
 * of the company's provider) gets 404, so nobody learns that a company exists; a member whose role is too
 * low gets 403.
 */
@Injectable()
export class CompanyAccessService {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's access, or null when the company does not exist for them. */
  async find(userId: string, companyId: string, manager?: EntityManager): Promise<CompanyAccess | null> {
    const row = await (manager ?? this.dataSource.manager)
      .createQueryBuilder(MembershipEntity, 'm')
      .innerJoin(CompanyEntity, 'c', 'c.id = m.company_id AND c.deleted_at IS NULL')
      .where('m.company_id = :companyId AND m.user_id = :userId', { companyId, userId })
      .getOne();
    return row ? { companyId, userId, role: row.role, via: 'member' } : null;
  }

  async require(
    userId: string,
    companyId: string,
    level: AccessLevel,
    manager?: EntityManager,
  ): Promise<CompanyAccess> {
    const access = await this.find(userId, companyId, manager);
    if (!access) throw new AppError('NOT_FOUND', 'Company not found');
    if (!LEVELS[level].includes(access.role)) {
      throw new AppError('FORBIDDEN', `Your role (${access.role}) may not ${level} this company`);
    }
    return access;
  }
}
