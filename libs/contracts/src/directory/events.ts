import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../define';
import {
  COMPANY_DESCRIPTION_MAX_LENGTH,
  COMPANY_NAME_MAX_LENGTH,
  COMPANY_ROLES,
  CompanyRole,
} from './limits';

export class CompanyCreatedData {
  @IsUUID() companyId!: string;
  @IsString() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
  @IsUUID() ownerUserId!: string;
  @IsISO8601() createdAt!: string;
}
export const CompanyCreated = defineEvent('directory.events.company.created', 1, CompanyCreatedData);

export class CompanyUpdatedData {
  @IsUUID() companyId!: string;
  @IsString() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
  @IsOptional() @IsString() @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH) description!: string | null;
  @IsISO8601() updatedAt!: string;
}
export const CompanyUpdated = defineEvent('directory.events.company.updated', 1, CompanyUpdatedData);

export class CompanyDeletedData {
  @IsUUID() companyId!: string;
  @IsISO8601() deletedAt!: string;
}
export const CompanyDeleted = defineEvent('directory.events.company.deleted', 1, CompanyDeletedData);

export class MemberAddedData {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
  @IsIn(COMPANY_ROLES) role!: CompanyRole;
  @IsISO8601() addedAt!: string;
}
export const MemberAdded = defineEvent('directory.events.member.added', 1, MemberAddedData);
