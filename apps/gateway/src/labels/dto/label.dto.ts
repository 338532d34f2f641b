import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LabelResponse, Page } from '@roster/contracts';
import { filterField, ListQuerySpec } from '@roster/http';

export class LabelDto implements LabelResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) color!: string | null;
  @ApiProperty() memberCount!: number;
  @ApiProperty() applicationCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class LabelPageDto implements Page<LabelResponse> {
  @ApiProperty({ type: [LabelDto] }) items!: LabelDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class CreateLabelDto {
  @ApiProperty({ maxLength: 60, description: 'Unique in the company (case-insensitive)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  name!: string;

  @ApiPropertyOptional({ maxLength: 20, nullable: true, type: String, example: '#3366ff' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  color?: string | null;
}

export class UpdateLabelDto {
  @ApiPropertyOptional({ maxLength: 60 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  name?: string;
  @ApiPropertyOptional({ maxLength: 20, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  color?: string | null;
}

export const LABEL_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'createdAt'],
  filterable: { name: filterField.text(), createdAt: filterField.date() },
  defaultSort: [{ field: 'name', direction: 'asc' }],
};
