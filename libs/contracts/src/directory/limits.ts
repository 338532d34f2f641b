export const COMPANY_NAME_MAX_LENGTH = 120;
export const COMPANY_DESCRIPTION_MAX_LENGTH = 1000;
export const COMPANY_ROLES = ['owner', 'admin', 'member'] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];
