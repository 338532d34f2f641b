import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccessPath,
  AppError,
  ApplicationAssigned,
  ApplicationCreated,
  ApplicationDeleted,
  ApplicationResponse,
  ApplicationUnassigned,
  ApplicationUpdated,
  CreateApplicationRequest,
  LaunchableApplication,
  LinkedItem,
  LinkRequest,
  ListLinksRequest,
  ListQuery,
  Page,
  ReverseLookupRequest,
  SignInMethod,
  UpdateApplicationRequest,
} from '@roster/contracts';
import { currentRequestMeta, eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { ColumnMap } from '@roster/persistence';
import { ipAllowed } from '../access/access-policy';
import { CompanyAccessService } from '../access/company-access.service';
import {
  blankCheck,
  deleteLink,
  insertLink,
  iso,
  LINK_COLUMNS,
  linkedItem,
  linkedItemsQuery,
  pageOf,
  refuseKind,
  requireMember,
  requireThing,
  toLinkedItem,
  uniqueOr409,
} from '../groups/org-support';

export const APPLICATION_COLUMNS: ColumnMap = {
  name: 'a.name',
  signInMethod: 'a.sign_in_method',
  url: 'a.url',
  createdAt: 'a.created_at',
  updatedAt: 'a.updated_at',
};

export function toApplicationResponse(row: Record<string, unknown>): ApplicationResponse {
  return {
    id: row.id as string,
    companyId: row.company_id as string,
    name: row.name as string,
    url: row.url as string,
    iconUrl: (row.icon_url as string | null) ?? null,
    signInMethod: row.sign_in_method as SignInMethod,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toLaunchable(row: Record<string, unknown>): LaunchableApplication {
  return {
    ...toApplicationResponse(row),
    companyName: row.company_name as string,
    via: row.via as AccessPath[],
  };
}

const MEMBER_LINK = { table: 'application_members', ownerColumn: 'application_id', targetColumn: 'user_id' };

/**
 * What a user can launch, with every path that leads there: assigned directly; through an org unit the user
 * is in or one above it (an application on a unit reaches the whole subtree); through a group the user is in
 * as member or leader, or a group above it (a subgroup's people belong to its parent); through a label the
 * user carries. Only companies the user is (still) a member of count. One statement; every link table is
 * reached through its (company_id, user_id) index.
 */
export const RESOLVE_FOR_USER = `
  WITH RECURSIVE
  -- A disabled member launches nothing in that company.
  my_companies AS (
    SELECT m.company_id FROM memberships m JOIN companies c ON c.id = m.company_id AND c.deleted_at IS NULL
    WHERE m.user_id = $1 AND m.status = 'active' AND ($2::uuid IS NULL OR m.company_id = $2::uuid)
  ),
  my_units AS (
    SELECT oum.org_unit_id AS id
      FROM org_unit_members oum JOIN my_companies mc ON mc.company_id = oum.company_id WHERE oum.user_id = $1
    UNION SELECT u.parent_id FROM org_units u JOIN my_units mu ON u.id = mu.id WHERE u.parent_id IS NOT NULL
  ),
  my_groups AS (
    SELECT gm.group_id AS id
      FROM group_members gm JOIN my_companies mc ON mc.company_id = gm.company_id WHERE gm.user_id = $1
    UNION SELECT g.parent_id FROM groups g JOIN my_groups mg ON g.id = mg.id WHERE g.parent_id IS NOT NULL
  ),
  paths AS (
    SELECT am.application_id, 'direct' AS via
      FROM application_members am JOIN my_companies mc ON mc.company_id = am.company_id WHERE am.user_id = $1
    UNION ALL
    SELECT oua.application_id, 'org_unit' FROM org_unit_applications oua JOIN my_units mu ON mu.id = oua.org_unit_id
    UNION ALL
    SELECT ga.application_id, 'group' FROM group_applications ga JOIN my_groups mg ON mg.id = ga.group_id
    UNION ALL
    SELECT al.application_id, 'label'
      FROM member_labels ml JOIN my_companies mc ON mc.company_id = ml.company_id
      JOIN application_labels al ON al.label_id = ml.label_id WHERE ml.user_id = $1
  )
  SELECT a.*, c.name AS company_name, c.ip_allow_list, array_agg(DISTINCT p.via ORDER BY p.via) AS via
  FROM paths p
  JOIN applications a ON a.id = p.application_id
  JOIN my_companies mc ON mc.company_id = a.company_id
  JOIN companies c ON c.id = a.company_id
  GROUP BY a.id, c.name, c.ip_allow_list
  ORDER BY c.name, a.name, a.id`;

/** A contact reaches the applications of its groups and of the groups above them. */
export const RESOLVE_FOR_CONTACT = `
  WITH RECURSIVE its_groups AS (
    SELECT gc.group_id AS id FROM group_contacts gc WHERE gc.contact_id = $1
    UNION SELECT g.parent_id FROM groups g JOIN its_groups ig ON g.id = ig.id WHERE g.parent_id IS NOT NULL
  )
  SELECT a.*, c.name AS company_name, ARRAY['group'] AS via
  FROM applications a JOIN companies c ON c.id = a.company_id
  WHERE a.company_id = $2 AND EXISTS (
    SELECT 1 FROM group_applications ga JOIN its_groups ig ON ig.id = ga.group_id WHERE ga.application_id = a.id)
  ORDER BY a.name, a.id`;

/** The company's application catalogue (credentials are out of scope) and its direct assignments. */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
  ) {}

  private async load(companyId: string, id: string, manager?: EntityManager): Promise<ApplicationResponse> {
    return toApplicationResponse(
      await requireThing(manager ?? this.dataSource.manager, 'application', companyId, id),
    );
  }

  private changed(app: ApplicationResponse) {
    return {
      companyId: app.companyId,
      applicationId: app.id,
      name: app.name,
      url: app.url,
      signInMethod: app.signInMethod,
    };
  }

  async create(
    userId: string,
    request: CreateApplicationRequest,
    meta: RequestMeta,
  ): Promise<ApplicationResponse> {
    const name = blankCheck('name', request.name)!;
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      const id = randomUUID();
      await uniqueOr409(
        () =>
          manager.query(
            `INSERT INTO applications (id, company_id, name, url, icon_url, sign_in_method)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [id, request.companyId, name, request.url, request.iconUrl ?? null, request.signInMethod],
          ),
        `An application named "${name}" already exists`,
      );
      const app = await this.load(request.companyId, id, manager);
      await this.outbox.add(
        manager,
        ApplicationCreated,
        this.changed(app),
        eventMetaOf(meta, request.companyId),
      );
      return app;
    });
  }

  async get(userId: string, companyId: string, applicationId: string): Promise<ApplicationResponse> {
    await this.access.require(userId, companyId, 'read');
    return this.load(companyId, applicationId);
  }

  /** `labelId` (eq or in) keeps the applications carrying one of the labels. */
  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<ApplicationResponse>> {
    await this.access.require(userId, companyId, 'read');
    const labelFilters = query.filter.filter((f) => f.field === 'labelId');
    const rest = { ...query, filter: query.filter.filter((f) => f.field !== 'labelId') };
    const qb = this.dataSource
      .createQueryBuilder()
      .select('a.*')
      .from('applications', 'a')
      .where('a.company_id = :companyId', { companyId });
    labelFilters.forEach((term, i) => {
      if (term.op !== 'eq' && term.op !== 'in')
        throw new AppError('VALIDATION_FAILED', 'labelId: only eq and in', [
          { field: 'filter', message: 'labelId takes eq or in' },
        ]);
      qb.andWhere(
        `EXISTS (SELECT 1 FROM application_labels al WHERE al.application_id = a.id AND al.label_id::text IN (:...labels${i}))`,
        { [`labels${i}`]: term.values },
      );
    });
    return pageOf(qb, rest, APPLICATION_COLUMNS, 'a.id', toApplicationResponse);
  }

  async update(
    userId: string,
    request: UpdateApplicationRequest,
    meta: RequestMeta,
  ): Promise<ApplicationResponse> {
    const name = blankCheck('name', request.name);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await requireThing(manager, 'application', request.companyId, request.applicationId, true);
      const sets: string[] = [];
      const params: unknown[] = [request.applicationId];
      if (name !== undefined) sets.push(`name = $${params.push(name)}`);
      if (request.url !== undefined) sets.push(`url = $${params.push(request.url)}`);
      if (request.iconUrl !== undefined) sets.push(`icon_url = $${params.push(request.iconUrl)}`);
      if (request.signInMethod !== undefined)
        sets.push(`sign_in_method = $${params.push(request.signInMethod)}`);
      if (sets.length)
        await uniqueOr409(
          () =>
            manager.query(
              `UPDATE applications SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
              params,
            ),
          `An application named "${name}" already exists`,
        );
      const app = await this.load(request.companyId, request.applicationId, manager);
      if (sets.length)
        await this.outbox.add(
          manager,
          ApplicationUpdated,
          this.changed(app),
          eventMetaOf(meta, request.companyId),
        );
      return app;
    });
  }

  /** Removes the application and every assignment of it (org units, groups, labels, members). */
  async delete(userId: string, companyId: string, applicationId: string, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      const app = await this.load(companyId, applicationId, manager);
      await manager.query(`DELETE FROM applications WHERE id = $1`, [applicationId]);
      await this.outbox.add(manager, ApplicationDeleted, this.changed(app), eventMetaOf(meta, companyId));
      return { deleted: true as const };
    });
  }

  async assign(userId: string, request: LinkRequest, meta: RequestMeta): Promise<LinkedItem> {
    refuseKind(request.kind, ['member']);
    const { companyId, ownerId, targetId } = request;
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      await requireThing(manager, 'application', companyId, ownerId);
      await requireMember(manager, companyId, targetId);
      await insertLink(
        manager,
        `INSERT INTO application_members (application_id, user_id, company_id) VALUES ($1, $2, $3)`,
        [ownerId, targetId, companyId],
        'The application is already assigned to this member',
      );
      await this.outbox.add(
        manager,
        ApplicationAssigned,
        { companyId, applicationId: ownerId, userId: targetId },
        eventMetaOf(meta, companyId),
      );
      return linkedItem(manager, 'member', MEMBER_LINK, ownerId, targetId);
    });
  }

  async unassign(userId: string, request: LinkRequest, meta: RequestMeta): Promise<{ removed: true }> {
    refuseKind(request.kind, ['member']);
    const { companyId, ownerId, targetId } = request;
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      await requireThing(manager, 'application', companyId, ownerId);
      await deleteLink(
        manager,
        `DELETE FROM application_members WHERE application_id = $1 AND user_id = $2`,
        [ownerId, targetId],
        'Assignment',
      );
      await this.outbox.add(
        manager,
        ApplicationUnassigned,
        { companyId, applicationId: ownerId, userId: targetId },
        eventMetaOf(meta, companyId),
      );
      return { removed: true as const };
    });
  }

  /** The members the application is assigned to directly. */
  async assignees(userId: string, request: ListLinksRequest): Promise<Page<LinkedItem>> {
    refuseKind(request.kind, ['member']);
    await this.access.require(userId, request.companyId, 'read');
    await requireThing(this.dataSource.manager, 'application', request.companyId, request.ownerId);
    const qb = linkedItemsQuery(this.dataSource.manager, 'member', MEMBER_LINK, request.ownerId);
    return pageOf(qb, request.query, LINK_COLUMNS, 'li.id', toLinkedItem('member'));
  }

  /** GET /me/applications: what the caller can launch, over all their companies (or one). */
  async mine(userId: string, companyId?: string): Promise<{ items: LaunchableApplication[] }> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(RESOLVE_FOR_USER, [
      userId,
      companyId ?? null,
    ]);
    // A company whose IP allow-list leaves out the caller's address shows them nothing (as its routes).
    const ip = currentRequestMeta()?.ip;
    const reachable = ip ? rows.filter((row) => ipAllowed(row.ip_allow_list as string[], ip)) : rows;
    return { items: reachable.map(toLaunchable) };
  }

  /** The applications a member reaches (every path) or a contact reaches (through its groups). */
  async applicationsOf(userId: string, request: ReverseLookupRequest): Promise<Page<LaunchableApplication>> {
    await this.access.require(userId, request.companyId, 'read');
    const { companyId, subjectKind, subjectId, query } = request;
    let rows: Record<string, unknown>[];
    if (subjectKind === 'member') {
      await requireMember(this.dataSource.manager, companyId, subjectId);
      rows = await this.dataSource.query(RESOLVE_FOR_USER, [subjectId, companyId]);
    } else if (subjectKind === 'contact') {
      await requireThing(this.dataSource.manager, 'contact', companyId, subjectId);
      rows = await this.dataSource.query(RESOLVE_FOR_CONTACT, [subjectId, companyId]);
    } else {
      throw new AppError('VALIDATION_FAILED', 'subjectKind: must be member or contact', [
        { field: 'subjectKind', message: 'must be member or contact' },
      ]);
    }
    return {
      items: rows.slice(query.skip, query.skip + query.limit).map(toLaunchable),
      total: rows.length,
      limit: query.limit,
      skip: query.skip,
    };
  }
}
