import type {
  CompanyBrandingResponse,
  CompanyResponse,
  CompanyRole,
  CompanySettingsResponse,
} from '@roster/contracts';
import type { CompanyEntity } from './company.entity';

export function toCompanyResponse(company: CompanyEntity, role: CompanyRole): CompanyResponse {
  return {
    id: company.id,
    name: company.name,
    description: company.description,
    createdAt: company.createdAt.toISOString(),
    updatedAt: company.updatedAt.toISOString(),
    myRole: role,
  };
}

export function toSettingsResponse(company: CompanyEntity): CompanySettingsResponse {
  return {
    companyId: company.id,
    enforced2fa: company.enforced2fa,
    ipAllowList: company.ipAllowList,
    personalDashboardsAllowed: company.personalDashboardsAllowed,
    usersMayCreateCompanies: company.usersMayCreateCompanies,
    updatedAt: company.updatedAt.toISOString(),
  };
}

export function logoUrlOf(company: CompanyEntity): string | null {
  return company.logoUpdatedAt ? `/api/v1/companies/${company.id}/logo` : null;
}

export function toBrandingResponse(company: CompanyEntity): CompanyBrandingResponse {
  return {
    companyId: company.id,
    primaryColor: company.primaryColor,
    billingEmail: company.billingEmail,
    logoUrl: logoUrlOf(company),
  };
}
