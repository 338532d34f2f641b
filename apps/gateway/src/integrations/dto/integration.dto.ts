import { ApiProperty } from '@nestjs/swagger';
import { INTEGRATION_TYPES, type IntegrationResponse, type PsaSettings } from '@roster/contracts';

export class PsaSettingsDto implements PsaSettings {
  @ApiProperty({ type: [Number] }) companyTypeIds!: number[];
  @ApiProperty() automaticTicketing!: boolean;
}

export class IntegrationDto implements IntegrationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The owning company (null: a provider’s)',
  })
  companyId!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The owning provider (null: a company’s)',
  })
  providerId!: string | null;
  @ApiProperty({ enum: INTEGRATION_TYPES }) type!: IntegrationResponse['type'];
  @ApiProperty({ enum: ['psa', 'oauth'] }) kind!: 'psa' | 'oauth';
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['active', 'pending_authorization'] }) status!: 'active' | 'pending_authorization';
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Non-secret settings (url, companyId, clientId, username, integrationCode, subdomain)',
  })
  config!: Record<string, string>;
  @ApiProperty({ type: [String], description: 'Names of the stored secrets; values are never returned' })
  secretsStored!: string[];
  @ApiProperty({ type: PsaSettingsDto }) settings!: PsaSettingsDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class IntegrationListDto {
  @ApiProperty({ type: [IntegrationDto] }) items!: IntegrationDto[];
}
