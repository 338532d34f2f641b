import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PurgeDeletedCompaniesResponse } from '@roster/contracts';

export class PurgeCompaniesDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this company (when past its grace period)' })
  @IsOptional()
  @IsUUID()
  companyId?: string;
}

export class PurgeCompaniesResultDto implements PurgeDeletedCompaniesResponse {
  @ApiProperty({ type: [String], description: 'Ids of the companies purged by this run' }) purged!: string[];
}
