import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsHexColor,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import {
  CompanyBrandingResponse,
  CompanySettingsResponse,
  IP_ALLOW_LIST_MAX,
  OwnershipTransferResponse,
} from '@roster/contracts';

export class CompanySettingsDto implements CompanySettingsResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ description: 'Members must use a second factor' }) enforced2fa!: boolean;
  @ApiProperty({ type: [String], example: ['203.0.113.0/24'], description: 'Empty: no restriction' })
  ipAllowList!: string[];
  @ApiProperty() personalDashboardsAllowed!: boolean;
  @ApiProperty({ description: 'Members of this company may create companies of their own' })
  usersMayCreateCompanies!: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UpdateCompanySettingsDto {
  @ApiProperty() @IsBoolean() enforced2fa!: boolean;
  @ApiProperty({ type: [String], maxItems: IP_ALLOW_LIST_MAX, description: 'IP addresses or CIDR ranges' })
  @IsArray()
  @ArrayMaxSize(IP_ALLOW_LIST_MAX)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ipAllowList!: string[];
  @ApiProperty() @IsBoolean() personalDashboardsAllowed!: boolean;
  @ApiProperty() @IsBoolean() usersMayCreateCompanies!: boolean;
}

export class CompanyBrandingDto implements CompanyBrandingResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ nullable: true, type: String, example: '#0055ff' }) primaryColor!: string | null;
  @ApiProperty({ nullable: true, type: String }) billingEmail!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'GET this path for the logo' }) logoUrl!:
    string | null;
}

export class UpdateCompanyBrandingDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: '#0055ff' })
  @IsOptional()
  @IsHexColor()
  primaryColor!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  billingEmail!: string | null;
}

export class CreateOwnershipTransferDto {
  @ApiProperty({ format: 'uuid', description: 'An active member who is to become owner' })
  @IsUUID()
  toUserId!: string;
}

export class OwnershipTransferDto implements OwnershipTransferResponse {
  @ApiProperty({ format: 'uuid' }) transferId!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) toUserId!: string;
  @ApiProperty({ description: 'Single use; give it to the new owner. Shown only once.' }) token!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class AcceptOwnershipTransferDto {
  @ApiProperty() @IsString() @Length(16, 200) token!: string;
}
