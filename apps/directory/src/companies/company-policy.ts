import { AppError, CompanyRole } from '@roster/contracts';

export type CompanyAction = 'read' | 'update' | 'delete';

const ALLOWED: Record<CompanyAction, readonly CompanyRole[]> = {
  read: ['owner', 'admin', 'member'],
  update: ['owner', 'admin'],
  delete: ['owner'],
};

/** Members without the role get 403 (they know the company exists); non-members never get here (404). */
export function assertCompanyRole(role: CompanyRole, action: CompanyAction): void {
  if (!ALLOWED[action].includes(role)) {
    throw new AppError('FORBIDDEN', `Your role (${role}) may not ${action} this company`);
  }
}
