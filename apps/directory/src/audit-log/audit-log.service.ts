import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  AUDIT_EXPORT_MAX_ROWS,
  AuditEntryResponse,
  AuditExportFormat,
  EventEnvelope,
  ListQuery,
  Page,
} from '@roster/contracts';
import { applyListQuery, ColumnMap } from '@roster/persistence';
import { CompanyAccessService } from '../access/company-access.service';
import { pageOf } from '../groups/org-support';
import { redact, subjectOf, userWithoutTenant } from './audit-projection';
import { AUDIT_EVENT_CATALOGUE } from './event-catalogue';

export const AUDIT_COLUMNS: ColumnMap = {
  type: 'e.type',
  actorId: 'e.actor_id',
  actorType: 'e.actor_type',
  subjectType: 'e.subject_type',
  subjectId: 'e.subject_id',
  occurredAt: 'e.occurred_at',
};

/** subjectId is compared as a uuid (so its index serves): other values are a 400, not a database error. */
function checkIds(query: ListQuery): void {
  for (const term of query.filter)
    if (term.field === 'subjectId' && term.values.some((v) => !isUUID(v)))
      throw new AppError('VALIDATION_FAILED', 'filter: subjectId takes UUIDs', [
        { field: 'filter', message: 'subjectId takes UUIDs' },
      ]);
}

function toEntry(row: Record<string, unknown>): AuditEntryResponse {
  return {
    id: String(row.id),
    eventId: row.event_id as string,
    companyId: row.company_id as string,
    type: row.type as string,
    actor: { type: row.actor_type as string, id: (row.actor_id as string | null) ?? null },
    subject: row.subject_id ? { type: row.subject_type as string, id: row.subject_id as string } : null,
    ip: (row.ip as string | null) ?? null,
    userAgent: (row.user_agent as string | null) ?? null,
    occurredAt: new Date(row.occurred_at as string).toISOString(),
    data: row.data,
  };
}

/**
 * The company audit log: a projection of every event of every context that concerns a company (see
 * AuditLogListener), read by the company's admins (and its provider's, through CompanyAccessService).
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
  ) {}

  /**
   * One row per event and company, idempotent on (event, company). An event with a tenant is recorded for
   * it; one without a tenant but about a user (auth: two-factor disabled …) for every company of the user.
   * An event from before a company's purge that arrives after it is recorded anonymised, like the rest of
   * that company's log (no IP, user agent or payload; see CompanyPurgeService).
   */
  async record(event: EventEnvelope, manager: EntityManager): Promise<void> {
    let companies: string[] = event.tenantId ? [event.tenantId] : [];
    const userId = userWithoutTenant(event);
    if (userId) {
      const rows = await manager.query<{ company_id: string }[]>(
        `SELECT m.company_id FROM memberships m JOIN companies c ON c.id = m.company_id AND c.deleted_at IS NULL
         WHERE m.user_id = $1`,
        [userId],
      );
      companies = rows.map((r) => r.company_id);
    }
    if (!companies.length) return;
    const subject = subjectOf(event.data);
    await manager.query(
      `INSERT INTO audit_log (event_id, company_id, type, actor_type, actor_id, subject_type, subject_id, ip,
         user_agent, occurred_at, data)
       SELECT $1, u.company_id, $3, $4, $5, $6, $7, CASE WHEN kept THEN $8 END, CASE WHEN kept THEN $9 END, $10,
              CASE WHEN kept THEN $11::jsonb ELSE '{}'::jsonb END
         FROM unnest($2::uuid[]) AS u(company_id)
         LEFT JOIN companies c ON c.id = u.company_id
         CROSS JOIN LATERAL (SELECT c.purged_at IS NULL OR $10::timestamptz >= c.purged_at AS kept) k
       ON CONFLICT (event_id, company_id) DO NOTHING`,
      [
        event.eventId,
        companies,
        event.type,
        event.actor?.type ?? 'anonymous',
        event.actor?.id ?? null,
        subject?.type ?? null,
        subject?.id ?? null,
        event.origin?.ip ?? null,
        event.origin?.userAgent?.slice(0, 512) ?? null,
        event.occurredAt,
        JSON.stringify(redact(event.data) ?? null),
      ],
    );
  }

  private query(companyId: string, subjectUserId?: string) {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('e.*')
      .from('audit_log', 'e')
      .where('e.company_id = :companyId', { companyId });
    if (subjectUserId) qb.andWhere('e.subject_id = :subjectUserId', { subjectUserId });
    return qb;
  }

  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<AuditEntryResponse>> {
    await this.access.require(userId, companyId, 'manage');
    checkIds(query);
    return pageOf(this.query(companyId), query, AUDIT_COLUMNS, 'e.id', toEntry);
  }

  /** A member's log: entries about the user. Admins see anyone's; a member sees their own. */
  async listForMember(
    userId: string,
    companyId: string,
    memberId: string,
    query: ListQuery,
  ): Promise<Page<AuditEntryResponse>> {
    await this.access.require(userId, companyId, memberId === userId ? 'read' : 'manage');
    checkIds(query);
    return pageOf(this.query(companyId, memberId), query, AUDIT_COLUMNS, 'e.id', toEntry);
  }

  async export(userId: string, companyId: string, query: ListQuery, format: AuditExportFormat) {
    await this.access.require(userId, companyId, 'manage');
    checkIds(query);
    const qb = applyListQuery(
      this.query(companyId),
      { ...query, limit: AUDIT_EXPORT_MAX_ROWS + 1, skip: 0 },
      AUDIT_COLUMNS,
      'e.id',
    );
    const rows = (await qb.getRawMany<Record<string, unknown>>()).map(toEntry);
    const truncated = rows.length > AUDIT_EXPORT_MAX_ROWS;
    const entries = rows.slice(0, AUDIT_EXPORT_MAX_ROWS);
    if (format === 'jsonl') {
      return {
        contentType: 'application/x-ndjson',
        body: entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''),
        rows: entries.length,
        truncated,
      };
    }
    const body = stringify(
      entries.map((e) => [
        e.occurredAt,
        e.type,
        e.actor.type,
        e.actor.id ?? '',
        e.subject?.type ?? '',
        e.subject?.id ?? '',
        e.ip ?? '',
        e.userAgent ?? '',
        e.eventId,
        JSON.stringify(e.data),
      ]),
      {
        header: true,
        columns: [
          'occurred_at',
          'type',
          'actor_type',
          'actor_id',
          'subject_type',
          'subject_id',
          'ip',
          'user_agent',
          'event_id',
          'data',
        ],
      },
    );
    return { contentType: 'text/csv; charset=utf-8', body, rows: entries.length, truncated };
  }

  async eventCodes(userId: string, companyId: string) {
    await this.access.require(userId, companyId, 'manage');
    return { items: AUDIT_EVENT_CATALOGUE };
  }
}
