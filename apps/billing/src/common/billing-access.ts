import { Injectable } from '@nestjs/common';
import { AppError, CheckCompanyAccess, CompanyAccessResponse } from '@roster/contracts';
import { BusClient, RequestMeta, requireUser } from '@roster/messaging';
import { BillingConfig } from '../config/billing.config';

/**
 * Who may do what in billing. Directory owns memberships: `CheckCompanyAccess` answers NOT_FOUND for a
 * non-member (passed on as 404); owners and admins (or the provider's administrators, via=provider) manage
 * billing, plain members get 403. Operators are the user ids in PLATFORM_OPERATORS, or any service actor.
 */
@Injectable()
export class BillingAccess {
  constructor(
    private readonly bus: BusClient,
    private readonly config: BillingConfig,
  ) {}

  isOperator(meta: RequestMeta): boolean {
    if (meta.actor.type === 'service') return true;
    return meta.actor.type === 'user' && !!meta.actor.id && this.config.operatorIds.has(meta.actor.id);
  }

  requireOperator(meta: RequestMeta): void {
    if (meta.actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
    if (!this.isOperator(meta)) throw new AppError('FORBIDDEN', 'Only platform operators may do this');
  }

  /** Any member may read; returns the access. Operators read everything. */
  async requireMember(companyId: string, meta: RequestMeta): Promise<CompanyAccessResponse | null> {
    if (this.isOperator(meta)) return null;
    const userId = requireUser(meta);
    return this.bus.request(CheckCompanyAccess, { companyId, userId }, meta);
  }

  /** Owners and admins of the company, or its provider's administrators. */
  async requireAdmin(companyId: string, meta: RequestMeta): Promise<CompanyAccessResponse | null> {
    const access = await this.requireMember(companyId, meta);
    if (access && access.role !== 'owner' && access.role !== 'admin')
      throw new AppError('FORBIDDEN', 'Only owners and admins of the company manage its billing');
    return access;
  }
}
