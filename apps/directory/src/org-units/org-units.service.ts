import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CreateOrgUnitRequest,
  DeleteOrgUnitRequest,
  LinkedItem,
  LinkKind,
  LinkRequest,
  ListLinksRequest,
  ListQuery,
  MoveOrgUnitRequest,
  OrgUnitApplicationAdded,
  OrgUnitApplicationRemoved,
  OrgUnitCreated,
  OrgUnitDeleted,
  OrgUnitMemberAdded,
  OrgUnitMemberRemoved,
  OrgUnitMoved,
  OrgUnitResponse,
  OrgUnitUpdated,
  Page,
  ReverseLookupRequest,
  UpdateOrgUnitRequest,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { ColumnMap } from '@roster/persistence';
import { CompanyAccessService } from '../access/company-access.service';
import {
  affected,
  blankCheck,
  deleteLink,
  insertLink,
  iso,
  LINK_COLUMNS,
  linkedItem,
  linkedItemsQuery,
  lockCompanyTree,
  notFound,
  pageOf,
  refuseKind,
  requireMember,
  requireTarget,
  requireThing,
  toLinkedItem,
} from '../groups/org-support';

export const ORG_UNIT_COLUMNS: ColumnMap = {
  name: 'u.name',
  parentId: 'u.parent_id::text',
  createdAt: 'u.created_at',
  updatedAt: 'u.updated_at',
};

export const UNITS_WITH_COUNTS = `(
  SELECT u.*,
    (SELECT count(*) FROM org_units c WHERE c.company_id = u.company_id AND c.parent_id = u.id)::int AS child_count,
    (SELECT count(*) FROM org_unit_members m WHERE m.org_unit_id = u.id)::int AS member_count,
    (SELECT count(*) FROM org_unit_applications a WHERE a.org_unit_id = u.id)::int AS application_count
  FROM org_units u WHERE u.company_id = :companyId
)`;

export function toOrgUnitResponse(row: Record<string, unknown>): OrgUnitResponse {
  return {
    id: row.id as string,
    companyId: row.company_id as string,
    parentId: (row.parent_id as string | null) ?? null,
    name: row.name as string,
    description: (row.description as string | null) ?? null,
    childCount: row.child_count as number,
    memberCount: row.member_count as number,
    applicationCount: row.application_count as number,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

const LINKS = {
  member: { table: 'org_unit_members', ownerColumn: 'org_unit_id', targetColumn: 'user_id' },
  application: { table: 'org_unit_applications', ownerColumn: 'org_unit_id', targetColumn: 'application_id' },
} as const;
const KINDS: readonly LinkKind[] = ['member', 'application'];

/**
 * Org units: one tree per company, of any depth. Members and applications are assigned to units; an
 * application assigned to a unit reaches the members of that unit and of every unit below it.
 */
@Injectable()
export class OrgUnitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
  ) {}

  private async load(companyId: string, id: string, manager?: EntityManager): Promise<OrgUnitResponse> {
    const row = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .select('u.*')
      .from(UNITS_WITH_COUNTS, 'u')
      .where('u.id = :id', { id })
      .setParameters({ companyId })
      .getRawOne<Record<string, unknown>>();
    if (!row) throw notFound('Org unit');
    return toOrgUnitResponse(row);
  }

  private changed(unit: OrgUnitResponse, deletedCount?: number) {
    return {
      companyId: unit.companyId,
      orgUnitId: unit.id,
      name: unit.name,
      parentId: unit.parentId,
      ...(deletedCount !== undefined ? { deletedCount } : {}),
    };
  }

  async create(userId: string, request: CreateOrgUnitRequest, meta: RequestMeta): Promise<OrgUnitResponse> {
    const name = blankCheck('name', request.name)!;
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      if (request.parentId) await requireThing(manager, 'org_unit', request.companyId, request.parentId);
      const id = randomUUID();
      await manager.query(
        `INSERT INTO org_units (id, company_id, parent_id, name, description) VALUES ($1, $2, $3, $4, $5)`,
        [id, request.companyId, request.parentId ?? null, name, request.description ?? null],
      );
      const unit = await this.load(request.companyId, id, manager);
      await this.outbox.add(
        manager,
        OrgUnitCreated,
        this.changed(unit),
        eventMetaOf(meta, request.companyId),
      );
      return unit;
    });
  }

  async get(userId: string, companyId: string, orgUnitId: string): Promise<OrgUnitResponse> {
    await this.access.require(userId, companyId, 'read');
    return this.load(companyId, orgUnitId);
  }

  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<OrgUnitResponse>> {
    await this.access.require(userId, companyId, 'read');
    const qb = this.dataSource
      .createQueryBuilder()
      .select('u.*')
      .from(UNITS_WITH_COUNTS, 'u')
      .setParameters({ companyId });
    return pageOf(qb, query, ORG_UNIT_COLUMNS, 'u.id', toOrgUnitResponse);
  }

  async update(userId: string, request: UpdateOrgUnitRequest, meta: RequestMeta): Promise<OrgUnitResponse> {
    const name = blankCheck('name', request.name);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await requireThing(manager, 'org_unit', request.companyId, request.orgUnitId, true);
      const sets: string[] = [];
      const params: unknown[] = [request.orgUnitId];
      if (name !== undefined) sets.push(`name = $${params.push(name)}`);
      if (request.description !== undefined) sets.push(`description = $${params.push(request.description)}`);
      if (sets.length)
        await manager.query(
          `UPDATE org_units SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
          params,
        );
      const unit = await this.load(request.companyId, request.orgUnitId, manager);
      if (sets.length)
        await this.outbox.add(
          manager,
          OrgUnitUpdated,
          this.changed(unit),
          eventMetaOf(meta, request.companyId),
        );
      return unit;
    });
  }

  /** Re-parents a unit (null: a root); under itself or a descendant is a 409. */
  async move(userId: string, request: MoveOrgUnitRequest, meta: RequestMeta): Promise<OrgUnitResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await lockCompanyTree(manager, 'org_units', request.companyId);
      await requireThing(manager, 'org_unit', request.companyId, request.orgUnitId, true);
      const parentId = request.parentId ?? null;
      if (parentId) {
        await requireThing(manager, 'org_unit', request.companyId, parentId);
        const cycle: unknown[] = await manager.query(
          `WITH RECURSIVE up AS (
             SELECT id, parent_id FROM org_units WHERE id = $1
             UNION SELECT u.id, u.parent_id FROM org_units u JOIN up ON u.id = up.parent_id
           ) SELECT 1 FROM up WHERE id = $2`,
          [parentId, request.orgUnitId],
        );
        if (cycle.length)
          throw new AppError(
            'CONFLICT',
            'An org unit cannot be moved under itself or one of its descendants',
          );
      }
      await manager.query(`UPDATE org_units SET parent_id = $2, updated_at = now() WHERE id = $1`, [
        request.orgUnitId,
        parentId,
      ]);
      const unit = await this.load(request.companyId, request.orgUnitId, manager);
      await this.outbox.add(manager, OrgUnitMoved, this.changed(unit), eventMetaOf(meta, request.companyId));
      return unit;
    });
  }

  /**
   * Deletes a unit. With children or members it is refused (409) unless `cascade`: then the whole subtree
   * goes, with every assignment in it.
   */
  async delete(
    userId: string,
    request: DeleteOrgUnitRequest,
    meta: RequestMeta,
  ): Promise<{ deleted: number }> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await lockCompanyTree(manager, 'org_units', request.companyId);
      const unit = await this.load(request.companyId, request.orgUnitId, manager);
      if (!request.cascade && (unit.childCount > 0 || unit.memberCount > 0))
        throw new AppError(
          'CONFLICT',
          `The org unit has ${unit.childCount} child unit(s) and ${unit.memberCount} member(s); ` +
            'empty it first or delete with cascade=true',
        );
      const deleted = await affected(
        manager,
        `WITH RECURSIVE down AS (
           SELECT id FROM org_units WHERE id = $1
           UNION SELECT u.id FROM org_units u JOIN down ON u.parent_id = down.id
         ) DELETE FROM org_units WHERE id IN (SELECT id FROM down)`,
        [request.orgUnitId],
      );
      await this.outbox.add(
        manager,
        OrgUnitDeleted,
        this.changed(unit, deleted),
        eventMetaOf(meta, request.companyId),
      );
      return { deleted: deleted };
    });
  }

  async link(userId: string, request: LinkRequest, meta: RequestMeta): Promise<LinkedItem> {
    refuseKind(request.kind, KINDS);
    const { companyId, ownerId, targetId } = request;
    const kind = request.kind as 'member' | 'application';
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      await requireThing(manager, 'org_unit', companyId, ownerId);
      await requireTarget(manager, companyId, kind, targetId);
      if (kind === 'member')
        await insertLink(
          manager,
          `INSERT INTO org_unit_members (org_unit_id, user_id, company_id) VALUES ($1, $2, $3)`,
          [ownerId, targetId, companyId],
          'Already a member of this org unit',
        );
      else
        await insertLink(
          manager,
          `INSERT INTO org_unit_applications (org_unit_id, application_id) VALUES ($1, $2)`,
          [ownerId, targetId],
          'The application is already assigned to this org unit',
        );
      await this.outbox.add(
        manager,
        kind === 'member' ? OrgUnitMemberAdded : OrgUnitApplicationAdded,
        { companyId, orgUnitId: ownerId, kind, targetId, ...(kind === 'member' ? { userId: targetId } : {}) },
        eventMetaOf(meta, companyId),
      );
      return linkedItem(manager, kind, LINKS[kind], ownerId, targetId);
    });
  }

  async unlink(userId: string, request: LinkRequest, meta: RequestMeta): Promise<{ removed: true }> {
    refuseKind(request.kind, KINDS);
    const { companyId, ownerId, targetId } = request;
    const kind = request.kind as 'member' | 'application';
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      await requireThing(manager, 'org_unit', companyId, ownerId);
      const link = LINKS[kind];
      await deleteLink(
        manager,
        `DELETE FROM ${link.table} WHERE org_unit_id = $1 AND ${link.targetColumn} = $2`,
        [ownerId, targetId],
        kind === 'member' ? 'Member of this org unit' : 'Application of this org unit',
      );
      await this.outbox.add(
        manager,
        kind === 'member' ? OrgUnitMemberRemoved : OrgUnitApplicationRemoved,
        { companyId, orgUnitId: ownerId, kind, targetId, ...(kind === 'member' ? { userId: targetId } : {}) },
        eventMetaOf(meta, companyId),
      );
      return { removed: true as const };
    });
  }

  async listLinks(userId: string, request: ListLinksRequest): Promise<Page<LinkedItem>> {
    refuseKind(request.kind, KINDS);
    const kind = request.kind as 'member' | 'application';
    await this.access.require(userId, request.companyId, 'read');
    await requireThing(this.dataSource.manager, 'org_unit', request.companyId, request.ownerId);
    const qb = linkedItemsQuery(this.dataSource.manager, kind, LINKS[kind], request.ownerId);
    return pageOf(qb, request.query, LINK_COLUMNS, 'li.id', toLinkedItem(kind));
  }

  /** The org units a member or an application is assigned to (directly). */
  async unitsOf(userId: string, request: ReverseLookupRequest): Promise<Page<OrgUnitResponse>> {
    await this.access.require(userId, request.companyId, 'read');
    const { companyId, subjectKind, subjectId } = request;
    if (subjectKind === 'contact')
      throw new AppError('VALIDATION_FAILED', 'Contacts are not assigned to org units', [
        { field: 'subjectKind', message: 'must be member or application' },
      ]);
    if (subjectKind === 'member') await requireMember(this.dataSource.manager, companyId, subjectId);
    else await requireThing(this.dataSource.manager, 'application', companyId, subjectId);
    const links =
      subjectKind === 'member'
        ? `SELECT org_unit_id FROM org_unit_members WHERE company_id = :companyId AND user_id = :subjectId`
        : `SELECT org_unit_id FROM org_unit_applications WHERE application_id = :subjectId`;
    const qb = this.dataSource
      .createQueryBuilder()
      .select('u.*')
      .from(UNITS_WITH_COUNTS, 'u')
      .innerJoin(`(${links})`, 'l', 'l.org_unit_id = u.id')
      .setParameters({ companyId, subjectId });
    return pageOf(qb, request.query, ORG_UNIT_COLUMNS, 'u.id', toOrgUnitResponse);
  }
}
