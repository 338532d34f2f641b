import { Type } from 'class-transformer';
import { IsIn, IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';

/** One entry of a company's audit log: an event that concerns the company. */
export interface AuditEntryResponse {
  id: string;
  eventId: string;
  companyId: string;
  /** The event's subject, e.g. `directory.events.group.created` (see the catalogue). */
  type: string;
  /** `impersonatorId`, only under impersonation: who really acted as `id` (both identities are kept). */
  actor: { type: string; id: string | null; impersonatorId?: string };
  /** What the event is about, derived from its data (a user, a group, an application …). */
  subject: { type: string; id: string } | null;
  ip: string | null;
  userAgent: string | null;
  occurredAt: string;
  data: unknown;
}

export class AuditLogRequest {
  @IsUUID() companyId!: string;
  /** Filters: type (eq, in, search), actorId (eq), subjectType (eq), subjectId (eq), occurredAt (ranges). */
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListAuditLog = defineRpc<AuditLogRequest, Page<AuditEntryResponse>>(
  'directory.audit-log.list.v1',
  AuditLogRequest,
);

export class MemberAuditLogRequest extends AuditLogRequest {
  @IsUUID() userId!: string;
}
/** A member's log: the company's entries whose subject or actor is the user. */
export const ListMemberAuditLog = defineRpc<MemberAuditLogRequest, Page<AuditEntryResponse>>(
  'directory.audit-log.list-member.v1',
  MemberAuditLogRequest,
);

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
export const AUDIT_EXPORT_MAX_ROWS = 50_000;
export class ExportAuditLogRequest extends AuditLogRequest {
  @IsIn(AUDIT_EXPORT_FORMATS) format!: AuditExportFormat;
}
/** The whole filtered log (limit/skip ignored, capped at AUDIT_EXPORT_MAX_ROWS) rendered as CSV or JSON lines. */
export const ExportAuditLog = defineRpc<
  ExportAuditLogRequest,
  { contentType: string; body: string; rows: number; truncated: boolean }
>('directory.audit-log.export.v1', ExportAuditLogRequest);

export interface AuditEventCode {
  code: string;
  context: string;
  description: string;
}
export class AuditEventsRequest {
  @IsUUID() companyId!: string;
}
export const ListAuditEventCodes = defineRpc<AuditEventsRequest, { items: AuditEventCode[] }>(
  'directory.audit-log.event-codes.v1',
  AuditEventsRequest,
);
