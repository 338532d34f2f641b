import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CreateGroupRequest,
  EligibleMembersRequest,
  GroupApplicationAdded,
  GroupApplicationRemoved,
  GroupContactAdded,
  GroupContactRemoved,
  GroupCreated,
  GroupDeleted,
  GroupLinkData,
  GroupMemberAdded,
  GroupMemberRemoved,
  GroupMembershipCommand,
  GroupMoved,
  GroupResponse,
  GroupUpdated,
  LinkedItem,
  LinkKind,
  LinkRequest,
  ListLinksRequest,
  ListQuery,
  MoveGroupRequest,
  Page,
  ReverseLookupRequest,
  UpdateGroupRequest,
} from '@roster/contracts';
import { EventMeta, eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
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
  lockCompanyTree,
  notFound,
  pageOf,
  requireMember,
  requireTarget,
  requireThing,
  toLinkedItem,
  uniqueOr409,
} from './org-support';

export const GROUP_COLUMNS: ColumnMap = {
  name: 'g.name',
  parentId: 'g.parent_id::text',
  createdAt: 'g.created_at',
  updatedAt: 'g.updated_at',
};

/** Groups with their counts, for one company; one statement however many groups. */
export const GROUPS_WITH_COUNTS = `(
  SELECT g.*,
    (SELECT count(*) FROM groups c WHERE c.company_id = g.company_id AND c.parent_id = g.id)::int AS child_count,
    (SELECT count(*) FROM group_members m WHERE m.group_id = g.id AND m.role = 'member')::int AS member_count,
    (SELECT count(*) FROM group_members m WHERE m.group_id = g.id AND m.role = 'leader')::int AS leader_count,
    (SELECT count(*) FROM group_contacts gc WHERE gc.group_id = g.id)::int AS contact_count,
    (SELECT count(*) FROM group_applications ga WHERE ga.group_id = g.id)::int AS application_count
  FROM groups g WHERE g.company_id = :companyId
)`;

export function toGroupResponse(row: Record<string, unknown>): GroupResponse {
  return {
    id: row.id as string,
    companyId: row.company_id as string,
    parentId: (row.parent_id as string | null) ?? null,
    name: row.name as string,
    description: (row.description as string | null) ?? null,
    childCount: row.child_count as number,
    memberCount: row.member_count as number,
    leaderCount: row.leader_count as number,
    contactCount: row.contact_count as number,
    applicationCount: row.application_count as number,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Where each kind of group link lives. Members and leaders share group_members (role column). */
const LINKS: Record<LinkKind, { table: string; targetColumn: string; extra?: string }> = {
  member: { table: 'group_members', targetColumn: 'user_id', extra: `AND l.role = 'member'` },
  leader: { table: 'group_members', targetColumn: 'user_id', extra: `AND l.role = 'leader'` },
  contact: { table: 'group_contacts', targetColumn: 'contact_id' },
  application: { table: 'group_applications', targetColumn: 'application_id' },
};

/**
 * Groups: a forest per company (a group may sit under another; moves never make a cycle), with members and
 * leaders (company members), contacts and applications. Reads need `read`, changes `manage`.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
  ) {}

  private async load(companyId: string, groupId: string, manager?: EntityManager): Promise<GroupResponse> {
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .select('g.*')
      .from(GROUPS_WITH_COUNTS, 'g')
      .where('g.id = :groupId', { groupId })
      .setParameters({ companyId })
      .getRawMany();
    if (!rows[0]) throw notFound('Group');
    return toGroupResponse(rows[0]);
  }

  private changed(group: GroupResponse) {
    return { companyId: group.companyId, groupId: group.id, name: group.name, parentId: group.parentId };
  }

  async create(userId: string, request: CreateGroupRequest, meta: RequestMeta): Promise<GroupResponse> {
    const name = blankCheck('name', request.name)!;
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      if (request.parentId) await requireThing(manager, 'group', request.companyId, request.parentId);
      const id = randomUUID();
      await uniqueOr409(
        () =>
          manager.query(
            `INSERT INTO groups (id, company_id, parent_id, name, description) VALUES ($1, $2, $3, $4, $5)`,
            [id, request.companyId, request.parentId ?? null, name, request.description ?? null],
          ),
        `A group named "${name}" already exists`,
      );
      const group = await this.load(request.companyId, id, manager);
      await this.outbox.add(manager, GroupCreated, this.changed(group), eventMetaOf(meta, request.companyId));
      return group;
    });
  }

  async get(userId: string, companyId: string, groupId: string): Promise<GroupResponse> {
    await this.access.require(userId, companyId, 'read');
    return this.load(companyId, groupId);
  }

  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<GroupResponse>> {
    await this.access.require(userId, companyId, 'read');
    const qb = this.dataSource
      .createQueryBuilder()
      .select('g.*')
      .from(GROUPS_WITH_COUNTS, 'g')
      .setParameters({ companyId });
    return pageOf(qb, query, GROUP_COLUMNS, 'g.id', toGroupResponse);
  }

  async update(userId: string, request: UpdateGroupRequest, meta: RequestMeta): Promise<GroupResponse> {
    const name = blankCheck('name', request.name);
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await requireThing(manager, 'group', request.companyId, request.groupId, true);
      const sets: string[] = [];
      const params: unknown[] = [request.groupId];
      if (name !== undefined) sets.push(`name = $${params.push(name)}`);
      if (request.description !== undefined) sets.push(`description = $${params.push(request.description)}`);
      if (sets.length) {
        await uniqueOr409(
          () =>
            manager.query(`UPDATE groups SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params),
          `A group named "${name}" already exists`,
        );
      }
      const group = await this.load(request.companyId, request.groupId, manager);
      if (sets.length)
        await this.outbox.add(
          manager,
          GroupUpdated,
          this.changed(group),
          eventMetaOf(meta, request.companyId),
        );
      return group;
    });
  }

  /** Re-parents a group; under itself or one of its descendants is a 409 (no cycles). */
  async move(userId: string, request: MoveGroupRequest, meta: RequestMeta): Promise<GroupResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await lockCompanyTree(manager, 'groups', request.companyId);
      await requireThing(manager, 'group', request.companyId, request.groupId, true);
      const parentId = request.parentId ?? null;
      if (parentId) {
        await requireThing(manager, 'group', request.companyId, parentId);
        const cycle: unknown[] = await manager.query(
          `WITH RECURSIVE up AS (
             SELECT id, parent_id FROM groups WHERE id = $1
             UNION SELECT g.id, g.parent_id FROM groups g JOIN up ON g.id = up.parent_id
           ) SELECT 1 FROM up WHERE id = $2`,
          [parentId, request.groupId],
        );
        if (cycle.length)
          throw new AppError('CONFLICT', 'A group cannot be moved under itself or one of its subgroups');
      }
      await manager.query(`UPDATE groups SET parent_id = $2, updated_at = now() WHERE id = $1`, [
        request.groupId,
        parentId,
      ]);
      const group = await this.load(request.companyId, request.groupId, manager);
      await this.outbox.add(manager, GroupMoved, this.changed(group), eventMetaOf(meta, request.companyId));
      return group;
    });
  }

  /** Deletes a group with its links; a group with subgroups is refused (409): move or delete them first. */
  async delete(
    userId: string,
    companyId: string,
    groupId: string,
    meta: RequestMeta,
  ): Promise<{ deleted: true }> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, companyId, 'manage', manager);
      await lockCompanyTree(manager, 'groups', companyId);
      const group = await this.load(companyId, groupId, manager);
      if (group.childCount > 0)
        throw new AppError(
          'CONFLICT',
          `The group has ${group.childCount} subgroup(s); move or delete them first`,
        );
      await manager.query(`DELETE FROM groups WHERE id = $1`, [groupId]);
      await this.outbox.add(manager, GroupDeleted, this.changed(group), eventMetaOf(meta, companyId));
      return { deleted: true as const };
    });
  }

  async link(userId: string, request: LinkRequest, meta: RequestMeta): Promise<LinkedItem> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      return this.linkIn(manager, request, eventMetaOf(meta, request.companyId), false);
    });
  }

  async unlink(userId: string, request: LinkRequest, meta: RequestMeta): Promise<{ removed: true }> {
    return this.dataSource.transaction(async (manager) => {
      await this.access.require(userId, request.companyId, 'manage', manager);
      await this.unlinkIn(manager, request, eventMetaOf(meta, request.companyId));
      return { removed: true as const };
    });
  }

  private async linkIn(
    manager: EntityManager,
    { companyId, ownerId: groupId, kind, targetId }: LinkRequest,
    eventMeta: EventMeta,
    idempotent: boolean,
  ): Promise<LinkedItem> {
    await requireThing(manager, 'group', companyId, groupId);
    await requireTarget(manager, companyId, kind, targetId);
    const sql =
      kind === 'member' || kind === 'leader'
        ? `INSERT INTO group_members (group_id, user_id, company_id, role) VALUES ($1, $2, $3, '${kind}')`
        : kind === 'contact'
          ? `INSERT INTO group_contacts (group_id, contact_id) VALUES ($1, $2)`
          : `INSERT INTO group_applications (group_id, application_id) VALUES ($1, $2)`;
    const params =
      kind === 'member' || kind === 'leader' ? [groupId, targetId, companyId] : [groupId, targetId];
    try {
      await insertLink(manager, sql, params, `Already a ${kind} of this group`);
      await this.outbox.add(
        manager,
        LINK_EVENTS[kind].added,
        linkData(companyId, groupId, kind, targetId),
        eventMeta,
      );
    } catch (error) {
      if (!idempotent || !(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
    }
    return linkedItem(manager, kind, { ...LINKS[kind], ownerColumn: 'group_id' }, groupId, targetId);
  }

  private async unlinkIn(
    manager: EntityManager,
    { companyId, ownerId: groupId, kind, targetId }: LinkRequest,
    eventMeta: EventMeta,
  ): Promise<void> {
    await requireThing(manager, 'group', companyId, groupId);
    const link = LINKS[kind];
    await deleteLink(
      manager,
      `DELETE FROM ${link.table} l WHERE l.group_id = $1 AND l.${link.targetColumn} = $2 ${link.extra ?? ''}`,
      [groupId, targetId],
      `${kind[0].toUpperCase()}${kind.slice(1)} of this group`,
    );
    await this.outbox.add(
      manager,
      LINK_EVENTS[kind].removed,
      linkData(companyId, groupId, kind, targetId),
      eventMeta,
    );
  }

  async listLinks(userId: string, request: ListLinksRequest): Promise<Page<LinkedItem>> {
    await this.access.require(userId, request.companyId, 'read');
    await requireThing(this.dataSource.manager, 'group', request.companyId, request.ownerId);
    const qb = linkedItemsQuery(
      this.dataSource.manager,
      request.kind,
      { ...LINKS[request.kind], ownerColumn: 'group_id' },
      request.ownerId,
    );
    return pageOf(qb, request.query, LINK_COLUMNS, 'li.id', toLinkedItem(request.kind));
  }

  /** Company members who are not yet in the group as `kind`. */
  async eligible(userId: string, request: EligibleMembersRequest): Promise<Page<LinkedItem>> {
    await this.access.require(userId, request.companyId, 'read');
    await requireThing(this.dataSource.manager, 'group', request.companyId, request.groupId);
    const qb = this.dataSource
      .createQueryBuilder()
      .select('li.*')
      .from(
        `(SELECT m.user_id AS id, coalesce(p.display_name, p.email, m.user_id::text) AS name, p.email AS email,
            m.created_at AS linked_at
          FROM memberships m LEFT JOIN profiles p ON p.user_id = m.user_id
          WHERE m.company_id = :companyId AND NOT EXISTS (
            SELECT 1 FROM group_members gm WHERE gm.group_id = :groupId AND gm.user_id = m.user_id AND gm.role = :kind))`,
        'li',
      )
      .setParameters({ companyId: request.companyId, groupId: request.groupId, kind: request.kind });
    return pageOf(qb, request.query, LINK_COLUMNS, 'li.id', toLinkedItem(request.kind));
  }

  /** The groups a member (as member or leader), a contact or an application is in. */
  async groupsOf(
    userId: string,
    request: ReverseLookupRequest,
  ): Promise<Page<GroupResponse & { as: LinkKind }>> {
    await this.access.require(userId, request.companyId, 'read');
    const { companyId, subjectKind, subjectId } = request;
    if (subjectKind === 'member') await requireMember(this.dataSource.manager, companyId, subjectId);
    else await requireThing(this.dataSource.manager, subjectKind, companyId, subjectId);
    const links =
      subjectKind === 'member'
        ? `SELECT group_id, role AS link_as FROM group_members WHERE company_id = :companyId AND user_id = :subjectId`
        : subjectKind === 'contact'
          ? `SELECT group_id, 'contact' AS link_as FROM group_contacts WHERE contact_id = :subjectId`
          : `SELECT group_id, 'application' AS link_as FROM group_applications WHERE application_id = :subjectId`;
    const qb = this.dataSource
      .createQueryBuilder()
      .select('g.*')
      .addSelect('l.link_as', 'link_as')
      .from(GROUPS_WITH_COUNTS, 'g')
      .innerJoin(`(${links})`, 'l', 'l.group_id = g.id')
      .setParameters({ companyId, subjectId });
    return pageOf(qb, request.query, GROUP_COLUMNS, 'g.id, l.link_as', (row) => ({
      ...toGroupResponse(row),
      as: row.link_as as LinkKind,
    }));
  }

  /** For integrations' recipes (service actor): company, group and member must belong together. Idempotent. */
  async addBySystem(command: GroupMembershipCommand, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      await this.requireLiveCompany(manager, command.companyId);
      const request = {
        companyId: command.companyId,
        ownerId: command.groupId,
        kind: 'member' as const,
        targetId: command.userId,
      };
      await this.linkIn(manager, request, eventMetaOf(meta, command.companyId), true);
      return { groupId: command.groupId, userId: command.userId };
    });
  }

  async removeBySystem(command: GroupMembershipCommand, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      await this.requireLiveCompany(manager, command.companyId);
      const request = {
        companyId: command.companyId,
        ownerId: command.groupId,
        kind: 'member' as const,
        targetId: command.userId,
      };
      await this.unlinkIn(manager, request, eventMetaOf(meta, command.companyId));
      return { groupId: command.groupId, userId: command.userId };
    });
  }

  private async requireLiveCompany(manager: EntityManager, companyId: string): Promise<void> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM companies WHERE id = $1 AND deleted_at IS NULL`,
      [companyId],
    );
    if (!rows.length) throw notFound('Company');
  }
}

const LINK_EVENTS = {
  member: { added: GroupMemberAdded, removed: GroupMemberRemoved },
  leader: { added: GroupMemberAdded, removed: GroupMemberRemoved },
  contact: { added: GroupContactAdded, removed: GroupContactRemoved },
  application: { added: GroupApplicationAdded, removed: GroupApplicationRemoved },
} as const;

function linkData(companyId: string, groupId: string, kind: LinkKind, targetId: string): GroupLinkData {
  return {
    companyId,
    groupId,
    kind,
    targetId,
    ...(kind === 'member' || kind === 'leader' ? { userId: targetId } : {}),
  };
}
