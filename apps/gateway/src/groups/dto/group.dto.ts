import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  GroupResponse,
  LINK_KINDS,
  LinkKind,
  ORG_DESCRIPTION_MAX_LENGTH,
  ORG_NAME_MAX_LENGTH,
  Page,
} from '@roster/contracts';
import { filterField, ListQuerySpec } from '@roster/http';
import { ListQueryDto } from '../../common/list-query.dto';

export class GroupDto implements GroupResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The parent group' })
  parentId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() childCount!: number;
  @ApiProperty() memberCount!: number;
  @ApiProperty() leaderCount!: number;
  @ApiProperty() contactCount!: number;
  @ApiProperty() applicationCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class GroupPageDto implements Page<GroupResponse> {
  @ApiProperty({ type: [GroupDto] }) items!: GroupDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class GroupWithRoleDto extends GroupDto {
  @ApiProperty({ enum: LINK_KINDS, description: 'How the subject is in the group' }) as!: LinkKind;
}
export class GroupWithRolePageDto {
  @ApiProperty({ type: [GroupWithRoleDto] }) items!: GroupWithRoleDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class CreateGroupDto {
  @ApiProperty({ maxLength: ORG_NAME_MAX_LENGTH, description: 'Unique in the company (case-insensitive)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(ORG_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ maxLength: ORG_DESCRIPTION_MAX_LENGTH, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_DESCRIPTION_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Create it under this group' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class UpdateGroupDto {
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

export class EligibleQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['member', 'leader'], default: 'member' })
  @IsOptional()
  @IsIn(['member', 'leader'])
  kind?: 'member' | 'leader';
}

export const GROUP_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'createdAt', 'updatedAt'],
  filterable: {
    name: filterField.text(),
    parentId: filterField.uuid(),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'name', direction: 'asc' }],
};
