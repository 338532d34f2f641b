import { ApiProperty } from '@nestjs/swagger';
import type { IntegrationsTenantResponse } from '@roster/contracts';

export class IntegrationsTenantDto implements IntegrationsTenantResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
