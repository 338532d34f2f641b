import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  COMPANY_DESCRIPTION_MAX_LENGTH,
  COMPANY_NAME_MAX_LENGTH,
  CustomerResponse,
  Page,
  PROVIDER_ROLES,
  ProviderAdministratorResponse,
  ProviderResponse,
  ProviderRole,
} from '@roster/contracts';

export class ProviderDto implements ProviderResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Whether members of customers may create companies of their own' })
  customersMayCreateCompanies!: boolean;
  @ApiProperty({ enum: PROVIDER_ROLES }) myRole!: ProviderRole;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CreateProviderDto {
  @ApiProperty({ maxLength: COMPANY_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMPANY_NAME_MAX_LENGTH)
  name!: string;
}

export class UpdateProviderDto {
  @ApiPropertyOptional({ maxLength: COMPANY_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMPANY_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() customersMayCreateCompanies?: boolean;
}

export class ProviderAdministratorDto implements ProviderAdministratorResponse {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: PROVIDER_ROLES }) role!: ProviderRole;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ProviderAdministratorPageDto implements Page<ProviderAdministratorResponse> {
  @ApiProperty({ type: [ProviderAdministratorDto] }) items!: ProviderAdministratorDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class AddProviderAdministratorDto {
  @ApiProperty({ description: 'An existing user’s e-mail' }) @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty({ enum: PROVIDER_ROLES }) @IsIn(PROVIDER_ROLES) role!: ProviderRole;
}

export class CustomerDto implements CustomerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() activeSeats!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CustomerPageDto implements Page<CustomerResponse> {
  @ApiProperty({ type: [CustomerDto] }) items!: CustomerDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class CreateCustomerDto {
  @ApiProperty({ maxLength: COMPANY_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMPANY_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ maxLength: COMPANY_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ description: 'An existing user who becomes the customer’s first owner' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  ownerEmail?: string;
}

export class UpdateCustomerDto {
  @ApiPropertyOptional({ maxLength: COMPANY_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMPANY_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ maxLength: COMPANY_DESCRIPTION_MAX_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH)
  description?: string | null;
}

export class CustomerExistsQueryDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
}

export class CustomerExistsDto {
  @ApiProperty() exists!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) companyId!: string | null;
}

export class CustomerImportResultDto {
  @ApiProperty() total!: number;
  @ApiProperty() created!: number;
}

export class ProviderPageDto implements Page<ProviderResponse> {
  @ApiProperty({ type: [ProviderDto] }) items!: ProviderDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
