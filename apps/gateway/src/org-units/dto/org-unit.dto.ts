import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ORG_DESCRIPTION_MAX_LENGTH, ORG_NAME_MAX_LENGTH, OrgUnitResponse, Page } from '@roster/contracts';
import { filterField, ListQuerySpec } from '@roster/http';

export class OrgUnitDto implements OrgUnitResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() childCount!: number;
  @ApiProperty() memberCount!: number;
  @ApiProperty() applicationCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrgUnitPageDto implements Page<OrgUnitResponse> {
  @ApiProperty({ type: [OrgUnitDto] }) items!: OrgUnitDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class CreateOrgUnitDto {
  @ApiProperty({ maxLength: ORG_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ maxLength: ORG_DESCRIPTION_MAX_LENGTH, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Create it under this unit (absent: a root)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional({ maxLength: ORG_NAME_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  name?: string;

  @ApiPropertyOptional({ maxLength: ORG_DESCRIPTION_MAX_LENGTH, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_DESCRIPTION_MAX_LENGTH)
  description?: string | null;
}

export class DeleteOrgUnitQueryDto {
  @ApiPropertyOptional({ description: 'Delete the subtree and its assignments too', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  cascade?: boolean;
}

export const ORG_UNIT_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'createdAt', 'updatedAt'],
  filterable: {
    name: filterField.text(),
    parentId: filterField.uuid(),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'name', direction: 'asc' }],
};
