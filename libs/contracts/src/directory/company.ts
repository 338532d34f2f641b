import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { COMPANY_DESCRIPTION_MAX_LENGTH, COMPANY_NAME_MAX_LENGTH, CompanyRole } from './limits';

export interface CompanyResponse {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  /** The caller's role in this company. */
  myRole: CompanyRole;
}

export class CreateCompanyRequest {
  @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
  @IsOptional() @IsString() @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH) description?: string | null;
}
export const CreateCompany = defineRpc<CreateCompanyRequest, CompanyResponse>(
  'directory.company.create.v1',
  CreateCompanyRequest,
);

export class ListMyCompaniesRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListMyCompanies = defineRpc<ListMyCompaniesRequest, Page<CompanyResponse>>(
  'directory.company.list-mine.v1',
  ListMyCompaniesRequest,
);

export class CompanyIdRequest {
  @IsUUID() companyId!: string;
}
export const GetCompany = defineRpc<CompanyIdRequest, CompanyResponse>(
  'directory.company.get.v1',
  CompanyIdRequest,
);

export class UpdateCompanyRequest {
  @IsUUID() companyId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name?: string;
  @IsOptional() @IsString() @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH) description?: string | null;
}
export const UpdateCompany = defineRpc<UpdateCompanyRequest, CompanyResponse>(
  'directory.company.update.v1',
  UpdateCompanyRequest,
);

export const DeleteCompany = defineRpc<CompanyIdRequest, { deleted: true }>(
  'directory.company.delete.v1',
  CompanyIdRequest,
);

/** Platform operators (or the service's own timer): purge every company deleted longer ago than the grace period. */
export class PurgeDeletedCompaniesRequest {
  /** Only this company (it must still be past its grace period). */
  @IsOptional() @IsUUID() companyId?: string;
}
export interface PurgeDeletedCompaniesResponse {
  /** The companies purged by this run. */
  purged: string[];
}
export const PurgeDeletedCompanies = defineRpc<PurgeDeletedCompaniesRequest, PurgeDeletedCompaniesResponse>(
  'directory.company.purge.v1',
  PurgeDeletedCompaniesRequest,
);

/**
 * Asked by other contexts before they serve a company's resources: the caller's role there, or
 * NOT_FOUND when the caller is not a member (so nobody learns that a company exists).
 */
export class CheckCompanyAccessRequest {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
}
export interface CompanyAccessResponse {
  companyId: string;
  userId: string;
  /**
   * `member`: the user belongs to the company with `role`. `provider`: the user administers the company's
   * provider (MSP) and acts with `role` (admin rights) without being a member.
   */
  role: CompanyRole;
  via: 'member' | 'provider';
}
export const CheckCompanyAccess = defineRpc<CheckCompanyAccessRequest, CompanyAccessResponse>(
  'directory.company.check-access.v1',
  CheckCompanyAccessRequest,
);
