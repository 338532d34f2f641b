import { Injectable } from '@nestjs/common';
import { AppError, CheckCompanyAccess, CompanyAccessResponse } from '@roster/contracts';
import { BusClient, RequestMeta, requireUser } from '@roster/messaging';

/**
 * Integrations are managed by a company's owners and admins (members of the company or administrators
 * of its provider, as directory says): member → 403, not a member → 404 (from directory), anonymous → 401.
 */
@Injectable()
export class CompanyAccess {
  constructor(private readonly bus: BusClient) {}

  async requireManager(companyId: string, meta: RequestMeta): Promise<CompanyAccessResponse> {
    const userId = requireUser(meta);
    const access = await this.bus.request(CheckCompanyAccess, { companyId, userId }, meta);
    if (access.role !== 'owner' && access.role !== 'admin')
      throw new AppError(
        'FORBIDDEN',
        `Your role (${access.role}) may not manage this company's integrations`,
      );
    return access;
  }

  /** True when the caller may manage the company; false when not (404 or 403), without throwing. */
  async canManage(companyId: string, meta: RequestMeta): Promise<boolean> {
    try {
      await this.requireManager(companyId, meta);
      return true;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN'))
        return false;
      throw error;
    }
  }
}
