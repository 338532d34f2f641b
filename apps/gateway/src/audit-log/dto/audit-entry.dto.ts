import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  AUDIT_EXPORT_FORMATS,
  AuditEntryResponse,
  AuditEventCode,
  AuditExportFormat,
  Page,
} from '@roster/contracts';
import { filterField, ListQuerySpec } from '@roster/http';
import { ListQueryDto } from '../../common/list-query.dto';

class AuditActorDto {
  @ApiProperty({ enum: ['user', 'service', 'client', 'anonymous'] }) type!: string;
  @ApiProperty({ nullable: true, type: String }) id!: string | null;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only when the action was taken under impersonation: the user who acted as `id`',
  })
  impersonatorId?: string;
}
class AuditSubjectDto {
  @ApiProperty({ example: 'user' }) type!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class AuditEntryDto implements AuditEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ example: 'directory.events.group.created', description: 'See GET …/log/events' })
  type!: string;
  @ApiProperty({ type: AuditActorDto }) actor!: AuditActorDto;
  @ApiProperty({ type: AuditSubjectDto, nullable: true }) subject!: AuditSubjectDto | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: Object, description: 'The event’s data (secrets redacted)' }) data!: unknown;
}

export class AuditPageDto implements Page<AuditEntryResponse> {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class AuditEventCodeDto implements AuditEventCode {
  @ApiProperty({ example: 'directory.events.group.created' }) code!: string;
  @ApiProperty({ example: 'directory' }) context!: string;
  @ApiProperty() description!: string;
}
export class AuditEventCodeListDto {
  @ApiProperty({ type: [AuditEventCodeDto] }) items!: AuditEventCodeDto[];
}

export class AuditExportQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(AUDIT_EXPORT_FORMATS)
  format?: AuditExportFormat;
}

export const AUDIT_LIST_SPEC: ListQuerySpec = {
  sortable: ['occurredAt', 'type'],
  filterable: {
    type: filterField.text(['eq', 'ne', 'in', 'search']),
    // Actor ids are text: a user's or application's id, or a service's name.
    actorId: filterField.text(['eq', 'in']),
    actorType: filterField.text(['eq']),
    subjectType: filterField.text(['eq', 'in']),
    subjectId: filterField.uuid(['eq', 'in']),
    occurredAt: filterField.date(),
  },
  defaultSort: [{ field: 'occurredAt', direction: 'desc' }],
};
