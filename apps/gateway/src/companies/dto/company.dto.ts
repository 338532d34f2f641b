import { ApiProperty } from '@nestjs/swagger';
import { COMPANY_ROLES, CompanyResponse, CompanyRole, Page } from '@roster/contracts';

export class CompanyDto implements CompanyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ enum: COMPANY_ROLES, description: 'Your role in this company' }) myRole!: CompanyRole;
}

export class CompanyPageDto implements Page<CompanyResponse> {
  @ApiProperty({ type: [CompanyDto] }) items!: CompanyDto[];
  @ApiProperty({ description: 'Matching companies in all pages' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}
