import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, ValidateIf } from 'class-validator';
import { LINK_KINDS, LinkedItem, LinkKind, Page } from '@roster/contracts';
import { filterField, ListQuerySpec } from '@roster/http';

/** A member, contact or application linked to an org unit, a group, a label or an application. */
export class LinkedItemDto implements LinkedItem {
  @ApiProperty({ format: 'uuid', description: 'User id (members, leaders), contact id or application id' })
  id!: string;
  @ApiProperty({ enum: LINK_KINDS }) kind!: LinkKind;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ format: 'date-time' }) linkedAt!: string;
}

export class LinkedItemPageDto implements Page<LinkedItem> {
  @ApiProperty({ type: [LinkedItemDto] }) items!: LinkedItemDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export const LINK_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'email', 'linkedAt'],
  filterable: { name: filterField.text(['eq', 'search']), email: filterField.text(['eq', 'search']) },
  defaultSort: [{ field: 'name', direction: 'asc' }],
};

export class UserRefDto {
  @ApiProperty({ format: 'uuid', description: 'The member’s user id' }) @IsUUID() userId!: string;
}
export class ContactRefDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() contactId!: string;
}
export class ApplicationRefDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() applicationId!: string;
}

/** `{ "parentId": "<uuid>" }` or `{ "parentId": null }` (top level); the key is required. */
export class MoveUnderParentDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o: MoveUnderParentDto) => o.parentId !== null)
  @IsUUID()
  parentId!: string | null;
}
