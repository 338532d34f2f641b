import { ApiProperty } from '@nestjs/swagger';
import type { BillingAccountResponse } from '@roster/contracts';

export class BillingAccountDto implements BillingAccountResponse {
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ enum: ['active'] }) status!: 'active';
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
