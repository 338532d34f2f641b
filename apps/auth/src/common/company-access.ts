import { AppError, CheckCompanyAccess, CompanyAccessResponse } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';

/**
 * The caller must administer the company (owner or admin, as a member or through its provider).
 * Not a member: directory's NOT_FOUND passes through (404); a plain member: FORBIDDEN.
 */
export async function requireCompanyAdmin(
  bus: BusClient,
  companyId: string,
  userId: string,
  meta: RequestMeta,
): Promise<CompanyAccessResponse> {
  const access = await bus.request(CheckCompanyAccess, { companyId, userId }, meta);
  if (access.role !== 'owner' && access.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Only an owner or admin of the company may do this');
  }
  return access;
}
