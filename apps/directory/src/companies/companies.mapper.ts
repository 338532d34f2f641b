import type { CompanyResponse } from '@roster/contracts';
import type { CompanyWithRole } from './companies.repository';

export function toCompanyResponse({ company, role }: CompanyWithRole): CompanyResponse {
  return {
    id: company.id,
    name: company.name,
    description: company.description,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
    myRole: role,
  };
}
