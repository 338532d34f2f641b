import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CreateLabelRequest,
  LabelAttached,
  LabelCreated,
  LabelDeleted,
  LabelDetached,
  LabelResponse,
  LabelUpdated,
  LinkedItem,
  LinkKind,
  LinkRequest,
  ListLinksRequest,
  ListQuery,
  Page,
  ReverseLookupRequest,
  UpdateLabelRequest,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { ColumnMap } from '@roster/persistence';
import { CompanyAccessService } from '../access/company-access.service';
import {
  blankCheck,
  deleteLink,
  insertLink,
  iso,
  LINK_COLUMNS,
  linkedItem,
  linkedItemsQuery,
  notFound,
  pageOf,
  refuseKind,
  requireMember,
  requireTarget,
  requireThing,
  toLinkedItem,
  uniqueOr409,
} from '../groups/org-support';

export const LABEL_COLUMNS: ColumnMap = { name: 'l.name', createdAt: 'l.created_at' };

export const LABELS_WITH_COUNTS = `(
  SELECT l.*,
    (SELECT count(*) FROM member_labels ml WHERE ml.label_id = l.id)::int AS member_count,
    (SELECT count(*) FROM application_labels al WHERE al.label_id = l.id)::int AS application_count
  FROM labels l WHERE l.company_id = :companyId
)`;

export function toLabelResponse(row: Record<string, unknown>): LabelResponse {
  return {
    id: row.id as string,
    companyId: row.company_id as string,
    name: row.name as string,
    color: (row.color as string | null) ?? null,
    memberCount: row.member_count as number,
    applicationCount: row.application_count as number,
    createdAt: iso(row.created_at),
  };
}

const LINKS = {
  member: { table: 'member_labels', ownerColumn: 'label_id', targetColumn: 'user_id' },
  application: { table: 'application_labels', ownerColumn: 'label_id', targetColumn: 'application_id' },
} as const;
const KINDS: readonly LinkKind[] = ['member', 'application'];

/** Labels of a company, attached to members and applications; lists filter by them. */
@Injectable()
export class LabelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
  ) {}

  private async load(companyId: string, id: string, manager?: EntityManager): Promise<LabelResponse> {
    const row = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .select('l.*')
      .from(LABELS_WITH_COUNTS, 'l')
      .where('l.id = :id', { id })
      .setParameters({ companyId })
      .getRawOne<Record<string, unknown>>();
    if (!row) throw notFound('Label');
    return toLabelResponse(row);
  }

  async create(userId: string, request: CreateLabelRequest, meta: RequestMeta): Promise<LabelResponse> {
    const name = blankCheck('name', request.name)!;
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      const id = randomUUID();
      await uniqueOr409(
        () =>
          manager.query(`INSERT INTO labels (id, company_id, name, color) VALUES ($1, $2, $3, $4)`, [
            id,
            request.companyId,
            name,
            request.color ?? null,
          ]),
        `A label named "${name}" already exists`,
      );
      await this.outbox.add(
        manager,
        LabelCreated,
        { companyId: request.companyId, labelId: id, name },
        eventMetaOf(meta, request.companyId),
      );
      return this.load(request.companyId, id, manager);
    });
  }

  async get(userId: string, companyId: string, labelId: string): Promise<LabelResponse> {
    await this.access.require(userId, companyId, 'read');
    return this.load(companyId, labelId);
  }

  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<LabelResponse>> {
    await this.access.require(userId, companyId, 'read');
    const qb = this.dataSource
      .createQueryBuilder()
      .select('l.*')
      .from(LABELS_WITH_COUNTS, 'l')
      .setParameters({ companyId });
    return pageOf(qb, query, LABEL_COLUMNS, 'l.id', toLabelResponse);
  }

  async update(userId: string, request: UpdateLabelRequest, meta: RequestMeta): Promise<LabelResponse> {
    const name = blankCheck('name', request.name);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await requireThing(manager, 'label', request.companyId, request.labelId, true);
      const sets: string[] = [];
      const params: unknown[] = [request.labelId];
      if (name !== undefined) sets.push(`name = $${params.push(name)}`);
      if (request.color !== undefined) sets.push(`color = $${params.push(request.color)}`);
      if (sets.length)
        await uniqueOr409(
          () => manager.query(`UPDATE labels SET ${sets.join(', ')} WHERE id = $1`, params),
          `A label named "${name}" already exists`,
        );
      const label = await this.load(request.companyId, request.labelId, manager);
      if (sets.length)
        await this.outbox.add(
          manager,
          LabelUpdated,
          { companyId: request.companyId, labelId: label.id, name: label.name },
          eventMetaOf(meta, request.companyId),
        );
      return label;
    });
  }

  /** Deletes the label and detaches it from everything. */
  async delete(
    userId: string,
    companyId: string,
    labelId: string,
    meta: RequestMeta,
  ): Promise<{ deleted: true }> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      const label = await requireThing<{ name: string }>(manager, 'label', companyId, labelId, true);
      await manager.query(`DELETE FROM labels WHERE id = $1`, [labelId]);
      await this.outbox.add(
        manager,
        LabelDeleted,
        { companyId, labelId, name: label.name },
        eventMetaOf(meta, companyId),
      );
      return { deleted: true as const };
    });
  }

  async attach(userId: string, request: LinkRequest, meta: RequestMeta): Promise<LinkedItem> {
    refuseKind(request.kind, KINDS);
    const { companyId, ownerId, targetId } = request;
    const kind = request.kind as 'member' | 'application';
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      await requireThing(manager, 'label', companyId, ownerId);
      await requireTarget(manager, companyId, kind, targetId);
      if (kind === 'member')
        await insertLink(
          manager,
          `INSERT INTO member_labels (label_id, user_id, company_id) VALUES ($1, $2, $3)`,
          [ownerId, targetId, companyId],
          'The member already has this label',
        );
      else
        await insertLink(
          manager,
          `INSERT INTO application_labels (label_id, application_id) VALUES ($1, $2)`,
          [ownerId, targetId],
          'The application already has this label',
        );
      await this.outbox.add(
        manager,
        LabelAttached,
        { companyId, labelId: ownerId, kind, targetId, ...(kind === 'member' ? { userId: targetId } : {}) },
        eventMetaOf(meta, companyId),
      );
      return linkedItem(manager, kind, LINKS[kind], ownerId, targetId);
    });
  }

  async detach(userId: string, request: LinkRequest, meta: RequestMeta): Promise<{ removed: true }> {
    refuseKind(request.kind, KINDS);
    const { companyId, ownerId, targetId } = request;
    const kind = request.kind as 'member' | 'application';
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      await requireThing(manager, 'label', companyId, ownerId);
      const link = LINKS[kind];
      await deleteLink(
        manager,
        `DELETE FROM ${link.table} WHERE label_id = $1 AND ${link.targetColumn} = $2`,
        [ownerId, targetId],
        'Label on this ' + kind,
      );
      await this.outbox.add(
        manager,
        LabelDetached,
        { companyId, labelId: ownerId, kind, targetId, ...(kind === 'member' ? { userId: targetId } : {}) },
        eventMetaOf(meta, companyId),
      );
      return { removed: true as const };
    });
  }

  /** The members or applications carrying the label (filter by label). */
  async listLinks(userId: string, request: ListLinksRequest): Promise<Page<LinkedItem>> {
    refuseKind(request.kind, KINDS);
    const kind = request.kind as 'member' | 'application';
    await this.access.require(userId, request.companyId, 'read');
    await requireThing(this.dataSource.manager, 'label', request.companyId, request.ownerId);
    const qb = linkedItemsQuery(this.dataSource.manager, kind, LINKS[kind], request.ownerId);
    return pageOf(qb, request.query, LINK_COLUMNS, 'li.id', toLinkedItem(kind));
  }

  /** The labels on a member or an application. */
  async labelsOf(userId: string, request: ReverseLookupRequest): Promise<Page<LabelResponse>> {
    await this.access.require(userId, request.companyId, 'read');
    const { companyId, subjectKind, subjectId } = request;
    if (subjectKind === 'contact')
      throw new AppError('VALIDATION_FAILED', 'Contacts do not carry labels', [
        { field: 'subjectKind', message: 'must be member or application' },
      ]);
    if (subjectKind === 'member') await requireMember(this.dataSource.manager, companyId, subjectId);
    else await requireThing(this.dataSource.manager, 'application', companyId, subjectId);
    const links =
      subjectKind === 'member'
        ? `SELECT label_id FROM member_labels WHERE company_id = :companyId AND user_id = :subjectId`
        : `SELECT label_id FROM application_labels WHERE application_id = :subjectId`;
    const qb = this.dataSource
      .createQueryBuilder()
      .select('l.*')
      .from(LABELS_WITH_COUNTS, 'l')
      .innerJoin(`(${links})`, 'x', 'x.label_id = l.id')
      .setParameters({ companyId, subjectId });
    return pageOf(qb, request.query, LABEL_COLUMNS, 'l.id', toLabelResponse);
  }
}
