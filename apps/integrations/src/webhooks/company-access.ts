import { AppError, CheckCompanyAccess } from '@roster/contracts';
import { BusClient, RequestMeta, requireUser } from '@roster/messaging';

/**
 * Recipes are managed by the company's owners and admins, and by its provider's admins (webhooks, which
 * also have a provider scope, use CompanyAccess.requireScope).
 * directory answers NOT_FOUND for non-members (passed on: 404); a plain member gets 403.
 */
export async function requireCompanyManager(
  bus: BusClient,
  companyId: string,
  meta: RequestMeta,
): Promise<void> {
  const userId = requireUser(meta);
  const access = await bus.request(CheckCompanyAccess, { companyId, userId }, meta);
  if (access.role !== 'owner' && access.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Only owners and admins of the company manage its recipes');
  }
}
