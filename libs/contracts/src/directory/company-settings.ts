import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsHexColor,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { defineRpc } from '../define';
import { CompanyIdRequest, CompanyResponse } from './company';

export const IP_ALLOW_LIST_MAX = 100;
export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export interface CompanySettingsResponse {
  companyId: string;
  enforced2fa: boolean;
  /** IP addresses or CIDR ranges; empty means no restriction. */
  ipAllowList: string[];
  personalDashboardsAllowed: boolean;
  usersMayCreateCompanies: boolean;
  updatedAt: string;
}
export const GetCompanySettings = defineRpc<CompanyIdRequest, CompanySettingsResponse>(
  'directory.company.get-settings.v1',
  CompanyIdRequest,
);
export class UpdateCompanySettingsRequest {
  @IsUUID() companyId!: string;
  @IsBoolean() enforced2fa!: boolean;
  @IsArray()
  @ArrayMaxSize(IP_ALLOW_LIST_MAX)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ipAllowList!: string[];
  @IsBoolean() personalDashboardsAllowed!: boolean;
  @IsBoolean() usersMayCreateCompanies!: boolean;
}
export const UpdateCompanySettings = defineRpc<UpdateCompanySettingsRequest, CompanySettingsResponse>(
  'directory.company.update-settings.v1',
  UpdateCompanySettingsRequest,
);

export interface CompanyBrandingResponse {
  companyId: string;
  primaryColor: string | null;
  billingEmail: string | null;
  /** API path of the logo, null when none was uploaded. */
  logoUrl: string | null;
}
export const GetCompanyBranding = defineRpc<CompanyIdRequest, CompanyBrandingResponse>(
  'directory.company.get-branding.v1',
  CompanyIdRequest,
);
export class UpdateCompanyBrandingRequest {
  @IsUUID() companyId!: string;
  @IsOptional() @IsHexColor() primaryColor!: string | null;
  @IsOptional() @IsEmail() @MaxLength(320) billingEmail!: string | null;
}
export const UpdateCompanyBranding = defineRpc<UpdateCompanyBrandingRequest, CompanyBrandingResponse>(
  'directory.company.update-branding.v1',
  UpdateCompanyBrandingRequest,
);

export class SetCompanyLogoRequest {
  @IsUUID() companyId!: string;
  @IsIn(LOGO_CONTENT_TYPES) contentType!: string;
  /** base64 of at most LOGO_MAX_BYTES bytes. */
  @IsString() @Length(1, Math.ceil(LOGO_MAX_BYTES / 3) * 4) dataBase64!: string;
}
export const SetCompanyLogo = defineRpc<SetCompanyLogoRequest, CompanyBrandingResponse>(
  'directory.company.set-logo.v1',
  SetCompanyLogoRequest,
);
export const GetCompanyLogo = defineRpc<CompanyIdRequest, { contentType: string; dataBase64: string }>(
  'directory.company.get-logo.v1',
  CompanyIdRequest,
);

/** Owners bring back a soft-deleted company within the grace period. */
export const RestoreCompany = defineRpc<CompanyIdRequest, CompanyResponse>(
  'directory.company.restore.v1',
  CompanyIdRequest,
);

export class CreateOwnershipTransferRequest {
  @IsUUID() companyId!: string;
  @IsUUID() toUserId!: string;
}
export interface OwnershipTransferResponse {
  transferId: string;
  companyId: string;
  toUserId: string;
  /** Single use; shown only here (the directory keeps its SHA-256). */
  token: string;
  expiresAt: string;
}
export const CreateOwnershipTransfer = defineRpc<CreateOwnershipTransferRequest, OwnershipTransferResponse>(
  'directory.company.create-ownership-transfer.v1',
  CreateOwnershipTransferRequest,
);
export class AcceptOwnershipTransferRequest {
  @IsString() @Length(16, 200) token!: string;
}
export const AcceptOwnershipTransfer = defineRpc<AcceptOwnershipTransferRequest, CompanyResponse>(
  'directory.company.accept-ownership-transfer.v1',
  AcceptOwnershipTransferRequest,
);
