import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AddMember,
  AddMemberRequest,
  AppError,
  BulkRemoveMembersRequest,
  CanManageMemberResponse,
  CompanySeatsResponse,
  ListMemberLogRequest,
  ListQuery,
  MemberLogEntryResponse,
  MemberRequest,
  MemberResponse,
  Page,
  UpdateMemberRequest,
} from '@roster/contracts';
import { Caller, IdempotencyKeys, RequestMeta } from '@roster/messaging';
import {
  accessFromRow,
  CompanyAccess,
  CompanyAccessService,
  requireLevel,
} from '../access/company-access.service';
import { MembershipWriter } from '../access/membership-writer';
import { MemberChange, manageRefusal } from './member-policy';
import { memberResponse, MembersRepository } from './members.repository';

const memberNotFound = () => new AppError('NOT_FOUND', 'Member not found');

@Injectable()
export class MembersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly writer: MembershipWriter,
    private readonly members: MembersRepository,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  async add(userId: string, request: AddMemberRequest, meta: RequestMeta): Promise<MemberResponse> {
    // With an Idempotency-Key, the key and this response commit with the membership (see the handler).
    return this.idempotency.transaction(AddMember, async (manager) => {
      // Looked up before the company lock is taken (it is held until commit), but told only after the access check.
      const target = await this.members.findProfileByEmail(request.email, manager);
      const actor = await this.access.require(userId, request.companyId, 'manage', manager, { lock: true });
      if (
        request.role === 'owner' &&
        actor.role !== 'owner' &&
        !(await this.ownerlessCustomer(manager, actor))
      )
        throw new AppError('FORBIDDEN', 'Only an owner can make someone an owner');
      if (!target) throw new AppError('NOT_FOUND', 'No user with this e-mail address');
      const membership = await this.writer.addMember(
        manager,
        { companyId: request.companyId, userId: target.userId, role: request.role },
        meta,
        { companyLocked: true }, // by the access check above
      );
      return memberResponse(membership, target);
    });
  }

  /** Open to the company's own OAuth application too (`client_credentials`, `companies:read`). */
  async list(caller: Caller, companyId: string, query: ListQuery): Promise<Page<MemberResponse>> {
    await this.access.requireCaller(caller, companyId, 'read');
    const { items, total } = await this.members.list(companyId, query);
    return { items, total, limit: query.limit, skip: query.skip };
  }

  async get(caller: Caller, { companyId, userId: targetId }: MemberRequest): Promise<MemberResponse> {
    if (caller.kind === 'client') {
      await this.access.requireCaller(caller, companyId, 'read');
      const member = await this.members.get(companyId, targetId);
      if (!member) throw memberNotFound();
      return member;
    }
    // The hottest read (bench B1): the tenant check and the member in one query, refusals as `require`'s.
    const { userId } = caller;
    const found = await this.members.getWithAccess(userId, companyId, targetId);
    requireLevel(found && accessFromRow(userId, companyId, found.access), 'read');
    if (!found?.member) throw memberNotFound();
    return found.member;
  }

  async update(userId: string, request: UpdateMemberRequest, meta: RequestMeta): Promise<MemberResponse> {
    const { companyId, userId: targetId, role, status } = request;
    return this.dataSource.transaction(async (manager) => {
      const actor = await this.access.require(userId, companyId, 'read', manager, { lock: true });
      await this.assertMayManage(manager, actor, targetId, { role, status });
      const key = { companyId, userId: targetId };
      if (role !== undefined) await this.writer.changeRole(manager, { ...key, role }, meta);
      if (status !== undefined) await this.writer.setStatus(manager, { ...key, status }, meta);
      return (await this.members.get(companyId, targetId, manager))!;
    });
  }

  async remove(userId: string, { companyId, userId: targetId }: MemberRequest, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      const actor = await this.access.require(userId, companyId, 'read', manager, { lock: true });
      await this.assertMayManage(manager, actor, targetId, { remove: true });
      await this.writer.removeMember(manager, { companyId, userId: targetId }, meta);
      return { removed: true as const };
    });
  }

  /** All or nothing: one refusal (403/404/409) rolls every removal back. */
  async bulkRemove(userId: string, request: BulkRemoveMembersRequest, meta: RequestMeta) {
    const userIds = [...new Set(request.userIds)];
    return this.dataSource.transaction(async (manager) => {
      const actor = await this.access.require(userId, request.companyId, 'manage', manager, { lock: true });
      for (const targetId of userIds) {
        await this.assertMayManage(manager, actor, targetId, { remove: true });
        await this.writer.removeMember(manager, { companyId: request.companyId, userId: targetId }, meta);
      }
      return { removed: userIds.length };
    });
  }

  async canManage(
    userId: string,
    { companyId, userId: targetId }: MemberRequest,
  ): Promise<CanManageMemberResponse> {
    const actor = await this.access.require(userId, companyId, 'read');
    const target = await this.members.get(companyId, targetId);
    if (!target) throw memberNotFound();
    const reason = manageRefusal(actor, target);
    return { companyId, userId: targetId, canManage: reason === null, reason };
  }

  /** Owners and admins read a member's log, also after the member was removed. */
  async log(userId: string, request: ListMemberLogRequest): Promise<Page<MemberLogEntryResponse>> {
    await this.access.require(userId, request.companyId, 'manage');
    const { items, total } = await this.members.log(request.companyId, request.userId, request.query);
    return { items, total, limit: request.query.limit, skip: request.query.skip };
  }

  async countSeats(companyId: string): Promise<CompanySeatsResponse> {
    const seats = await this.writer.countSeats(this.dataSource.manager, companyId);
    if (!seats) throw new AppError('NOT_FOUND', 'Company not found');
    return { companyId, ...seats };
  }

  /** A provider's customer created without an owner gets its first one from a provider administrator. */
  private async ownerlessCustomer(manager: EntityManager, actor: CompanyAccess): Promise<boolean> {
    if (actor.via !== 'provider') return false;
    const [{ owners }]: { owners: number }[] = await manager.query(
      `SELECT count(*)::int AS owners FROM memberships WHERE company_id = $1 AND role = 'owner' AND status = 'active'`,
      [actor.companyId],
    );
    return owners === 0;
  }

  private async assertMayManage(
    manager: EntityManager,
    actor: CompanyAccess,
    targetId: string,
    change: MemberChange,
  ): Promise<void> {
    const target = await this.members.get(actor.companyId, targetId, manager);
    if (!target) throw memberNotFound();
    const reason = manageRefusal(actor, target, change);
    if (reason) throw new AppError('FORBIDDEN', reason);
  }
}
