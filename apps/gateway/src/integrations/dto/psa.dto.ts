import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IdNameNumber, MappingRow, ResourceRef } from '@roster/contracts';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class CreateConnectwiseDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiProperty({ description: 'Site API URL, e.g. https://api-na.myconnectwise.net' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  url!: string;
  @ApiProperty({ description: 'ConnectWise login company id' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  companyId!: string;
  @ApiProperty({ writeOnly: true }) @IsString() @IsNotEmpty() @MaxLength(200) publicKey!: string;
  @ApiProperty({ writeOnly: true }) @IsString() @IsNotEmpty() @MaxLength(200) privateKey!: string;
  @ApiPropertyOptional({ description: 'Developer clientId header (default: Roster’s)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  clientId?: string;
}

export class CreateAutotaskDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiProperty({ description: 'Zone URL, e.g. https://webservices5.autotask.net' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  url!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) username!: string;
  @ApiProperty({ writeOnly: true }) @IsString() @IsNotEmpty() @MaxLength(200) secret!: string;
  @ApiPropertyOptional({ description: 'ApiIntegrationcode (tracking identifier; default: Roster’s)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  integrationCode?: string;
}

export class CreateSyncroDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(63) subdomain!: string;
  @ApiProperty({ writeOnly: true }) @IsString() @IsNotEmpty() @MaxLength(200) apiToken!: string;
  @ApiPropertyOptional({ description: 'Overrides https://{subdomain}.syncromsp.com' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  url?: string;
}

/** Any of the type's fields; changed credentials are validated against the PSA again (422 when refused). */
export class UpdateIntegrationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) url?: string;
  @ApiPropertyOptional({ description: 'ConnectWise login company id' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  psaCompanyId?: string;
  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  publicKey?: string;
  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  privateKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) clientId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) username?: string;
  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  secret?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) integrationCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(63) subdomain?: string;
  @ApiPropertyOptional({ writeOnly: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  apiToken?: string;
}

export class ActivateOAuthDto {
  @ApiProperty({ description: 'Where the provider sends the user back (with code and state)' })
  @IsUrl(URL_OPTIONS)
  @MaxLength(500)
  redirectUri!: string;
}

export class OAuthCallbackQueryDto {
  @ApiProperty({ description: 'The authorization code the provider sent back' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  code!: string;

  @ApiProperty({ description: 'The state issued by activation (single use, expires)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  state!: string;
}

export class PsaLookupQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
  @ApiPropertyOptional({ description: 'Name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
  @ApiPropertyOptional({
    description: 'agreements: only this PSA company’s; billing-options: only this customer’s',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  companyId?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  skip?: number;
}

export class PatchMappingsDto {
  @ApiProperty({
    description:
      'Rows: {organization:{id,name?}, company:{id,name?}, agreement?:{id,name?}, addition?:{id,name?}, ' +
      'billingConfigurations?:{fields:{schedule_id,line_item_id,schedule_name?,line_item_name?}} (Syncro), delete?}. ' +
      'All or nothing: any bad row is a 400 naming it (data.N.field) and nothing is applied.',
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => MappingRow)
  data!: MappingRow[];
}

export class SuggestMappingsDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Roster companies to match (default: the ones you administer)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  companyIds?: string[];
  @ApiPropertyOptional({ minimum: 0, maximum: 1, default: 0.6 })
  @IsOptional()
  @Min(0)
  @Max(1)
  threshold?: number;
}

export class PatchSettingsDto {
  @ApiPropertyOptional({
    type: [Number],
    description: 'ConnectWise/Autotask company types offered for mapping',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  companyTypeIds?: number[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() automaticTicketing?: boolean;
}

export class AlertConfigurationDto {
  @ApiProperty() @IsBoolean() shouldCreateTickets!: boolean;
  @ApiPropertyOptional({ description: 'ConnectWise board / Autotask queue {id, name}' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IdNameNumber)
  queue?: IdNameNumber;
  @ApiPropertyOptional({ description: '{id, name}' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IdNameNumber)
  source?: IdNameNumber;
  @ApiPropertyOptional({ description: '{id, name} (ConnectWise, Autotask: required) or a string (Syncro)' })
  @IsOptional()
  status?: IdNameNumber | string;
  @ApiPropertyOptional({ minimum: 0, maximum: 365, description: 'Autotask: required' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  dueDays?: number;
  @ApiPropertyOptional({ description: '{id, name} (ConnectWise, Autotask: required) or a string (Syncro)' })
  @IsOptional()
  priority?: IdNameNumber | string;
  @ApiPropertyOptional({ description: 'Autotask: {id, name, role?: {id, name}}' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResourceRef)
  resource?: ResourceRef;
  @ApiPropertyOptional({ description: 'Autotask: required' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  destination?: string;
  @ApiPropertyOptional({ description: 'Syncro: required' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  problemType?: string;
  @ApiPropertyOptional({ description: 'Syncro technician' }) @IsOptional() @IsInt() userId?: number;
  @ApiPropertyOptional({ description: 'Syncro technician name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  username?: string;
}
