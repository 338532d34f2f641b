import { sha256Hex } from '@roster/security';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AcceptInvitationByToken,
  AcceptMyInvitation,
  AppError,
  CreateInvitation,
  CreateInvitationRequest,
  InvitationAcceptedResponse,
  InvitationResponse,
  InvitationSent,
  ListQuery,
  MyInvitationResponse,
  Page,
  RejectMyInvitation,
} from '@roster/contracts';
import { eventMetaOf, EventMeta, IdempotencyKeys, OutboxService, RequestMeta } from '@roster/messaging';
import { applyListQuery, ColumnMap, rawPage } from '@roster/persistence';
import { CompanyAccessService } from '../access/company-access.service';
import { CompanyEntity } from '../companies/company.entity';
import { usersWithEmailSql, userEmailsSql } from '../contact-methods/user-emails';
import { MembershipEntity } from '../companies/membership.entity';
import { DirectoryConfig } from '../config/directory.config';
import { ProfileEntity } from '../profiles/profile.entity';
import { InvitationEntity } from './invitation.entity';
import { MembershipWriter } from '../access/membership-writer';
import { grantMembership } from './membership-grant';
import { SeatGate } from './seat-gate';
import { newToken } from './tokens';

export const INVITATION_COLUMNS: ColumnMap = {
  email: 'i.email',
  role: 'i.role',
  status: 'i.status',
  createdAt: 'i.created_at',
  expiresAt: 'i.expires_at',
};

/** The invitee's list (`/me/invitations`). */
export const MY_INVITATION_COLUMNS: ColumnMap = {
  companyName: 'c.name',
  role: 'i.role',
  createdAt: 'i.created_at',
  expiresAt: 'i.expires_at',
};

interface MyInvitationRow {
  id: string;
  company_id: string;
  company_name: string;
  role: MyInvitationResponse['role'];
  inviter: string | null;
  created_at: Date;
  expires_at: Date;
}

function toMyInvitation(r: MyInvitationRow): MyInvitationResponse {
  return {
    id: r.id,
    companyId: r.company_id,
    companyName: r.company_name,
    role: r.role,
    invitedByName: r.inviter,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
  };
}

const notFound = () => new AppError('NOT_FOUND', 'Invitation not found');
const gone = (why: string) => new AppError('GONE', why);

export function toInvitationResponse(i: InvitationEntity): InvitationResponse {
  return {
    id: i.id,
    companyId: i.companyId,
    email: i.email,
    role: i.role,
    status: i.status,
    invitedBy: i.invitedBy,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    resentAt: i.resentAt?.toISOString() ?? null,
    resendCount: i.resendCount,
    respondedAt: i.respondedAt?.toISOString() ?? null,
  };
}

/** Why a pending invitation cannot be used any more, or null when it can. */
export function unusableReason(i: InvitationEntity, now = new Date()): string | null {
  if (i.status === 'revoked') return 'This invitation was revoked';
  if (i.status === 'accepted' || i.awaitingSignup) return 'This invitation was already used';
  if (i.status === 'rejected') return 'This invitation was rejected';
  if (i.expiresAt.getTime() <= now.getTime()) return 'This invitation has expired';
  return null;
}

@Injectable()
export class InvitationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
    private readonly seats: SeatGate,
    private readonly members: MembershipWriter,
    private readonly config: DirectoryConfig,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  async create(
    userId: string,
    request: CreateInvitationRequest,
    meta: RequestMeta,
  ): Promise<InvitationResponse> {
    const access = await this.access.require(userId, request.companyId, 'manage');
    if (request.role === 'owner' && access.role !== 'owner')
      throw new AppError('FORBIDDEN', 'Only owners may invite owners');
    await this.requireSeat(request.companyId, meta);
    // With an Idempotency-Key, the key and this response commit with the invitation (see the handler).
    return this.idempotency.transaction(CreateInvitation, async (manager) => {
      const { invitation } = await this.invite(
        manager,
        { companyId: request.companyId, email: request.email, role: request.role, invitedBy: userId },
        eventMetaOf(meta, request.companyId),
      );
      return toInvitationResponse(invitation);
    });
  }

  /**
   * Creates the invitation and its InvitationSent event inside `manager`'s transaction (also used by the
   * CSV import). 409 when the e-mail already belongs to a member or has a pending invitation.
   */
  async invite(
    manager: EntityManager,
    input: { companyId: string; email: string; role: InvitationEntity['role']; invitedBy: string },
    eventMeta: EventMeta,
  ): Promise<{ invitation: InvitationEntity; token: string }> {
    const email = input.email.trim().toLowerCase();
    const company = await manager
      .createQueryBuilder(CompanyEntity, 'c')
      .where('c.id = :id AND c.deleted_at IS NULL', { id: input.companyId })
      .setLock('pessimistic_write')
      .getOne();
    if (!company) throw new AppError('NOT_FOUND', 'Company not found');
    // Any of a member's addresses counts: the profile's and every validated labelled one.
    const member = await manager
      .createQueryBuilder(MembershipEntity, 'm')
      .where(`m.company_id = :companyId AND m.user_id IN (${usersWithEmailSql(':email')})`, {
        companyId: input.companyId,
        email,
      })
      .getOne();
    if (member) throw new AppError('CONFLICT', `${email} is already a member of this company`);
    const pending = await manager
      .createQueryBuilder(InvitationEntity, 'i')
      .where(`i.company_id = :companyId AND lower(i.email) = :email AND i.status = 'pending'`, {
        companyId: input.companyId,
        email,
      })
      .getOne();
    if (pending) {
      if (unusableReason(pending) === 'This invitation has expired') {
        // An expired invitation does not block a new one.
        await manager.update(
          InvitationEntity,
          { id: pending.id },
          { status: 'revoked', respondedAt: new Date() },
        );
      } else throw new AppError('CONFLICT', `${email} already has a pending invitation`);
    }
    const token = newToken();
    const id = randomUUID();
    await manager.insert(InvitationEntity, {
      id,
      companyId: input.companyId,
      email,
      role: input.role,
      status: 'pending',
      tokenHash: sha256Hex(token),
      invitedBy: input.invitedBy,
      expiresAt: this.expiry(),
      resendCount: 0,
      awaitingSignup: false,
    });
    const invitation = await manager.findOneByOrFail(InvitationEntity, { id });
    await this.emitSent(manager, invitation, company.name, token, eventMeta);
    return { invitation, token };
  }

  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<InvitationResponse>> {
    await this.access.require(userId, companyId, 'manage');
    const qb = this.dataSource.manager
      .createQueryBuilder(InvitationEntity, 'i')
      .where('i.company_id = :companyId', { companyId });
    applyListQuery(qb, query, INVITATION_COLUMNS, 'i.id');
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(toInvitationResponse), total, limit: query.limit, skip: query.skip };
  }

  async get(userId: string, companyId: string, invitationId: string): Promise<InvitationResponse> {
    await this.access.require(userId, companyId, 'manage');
    const invitation = await this.dataSource.manager.findOneBy(InvitationEntity, {
      id: invitationId,
      companyId,
    });
    if (!invitation) throw notFound();
    return toInvitationResponse(invitation);
  }

  /** A new token (the old link stops working) and a new expiry; limited in frequency and count. */
  async resend(
    userId: string,
    companyId: string,
    invitationId: string,
    meta: RequestMeta,
  ): Promise<InvitationResponse> {
    await this.access.require(userId, companyId, 'manage');
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.lockInvitation(manager, companyId, invitationId);
      if (invitation.status !== 'pending' || invitation.awaitingSignup)
        throw new AppError(
          'CONFLICT',
          `The invitation is ${invitation.awaitingSignup ? 'accepted' : invitation.status}`,
        );
      if (invitation.resendCount >= this.config.INVITATION_MAX_RESENDS) {
        throw new AppError(
          'RATE_LIMITED',
          `An invitation can be resent at most ${this.config.INVITATION_MAX_RESENDS} times`,
        );
      }
      const last = invitation.resentAt ?? invitation.createdAt;
      const waitMs = last.getTime() + this.config.INVITATION_RESEND_INTERVAL_SECONDS * 1000 - Date.now();
      if (waitMs > 0) {
        const error = new AppError('RATE_LIMITED', 'This invitation was sent moments ago; try again later');
        error.retryAfterSeconds = Math.ceil(waitMs / 1000);
        throw error;
      }
      const token = newToken();
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        {
          tokenHash: sha256Hex(token),
          resentAt: new Date(),
          resendCount: invitation.resendCount + 1,
          expiresAt: this.expiry(),
        },
      );
      const updated = await manager.findOneByOrFail(InvitationEntity, { id: invitation.id });
      const company = await manager.findOneByOrFail(CompanyEntity, { id: companyId });
      await this.emitSent(manager, updated, company.name, token, eventMetaOf(meta, companyId));
      return toInvitationResponse(updated);
    });
  }

  async revoke(userId: string, companyId: string, invitationId: string): Promise<{ revoked: true }> {
    await this.access.require(userId, companyId, 'manage');
    return this.dataSource.transaction(async (manager) => {
      const invitation = await this.lockInvitation(manager, companyId, invitationId);
      if (invitation.status !== 'pending' || invitation.awaitingSignup)
        throw new AppError(
          'CONFLICT',
          `The invitation is ${invitation.awaitingSignup ? 'accepted' : invitation.status}`,
        );
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { status: 'revoked', respondedAt: new Date() },
      );
      return { revoked: true as const };
    });
  }

  /** `listMine` with the list grammar (v2). */
  async listMinePage(userId: string, query: ListQuery): Promise<Page<MyInvitationResponse>> {
    const qb = this.myInvitationsQuery((await this.profileOf(userId)).userId);
    return rawPage(qb, query, MY_INVITATION_COLUMNS, 'i.id', toMyInvitation);
  }

  /** v1 (kept for rolling upgrades; the gateway asks v2): every one, oldest first. */
  async listMine(userId: string): Promise<{ items: MyInvitationResponse[] }> {
    const profile = await this.profileOf(userId);
    const rows: MyInvitationRow[] = await this.dataSource.query(
      `SELECT i.id, i.company_id, c.name AS company_name, i.role, p.display_name AS inviter, i.created_at, i.expires_at
         FROM invitations i
         JOIN companies c ON c.id = i.company_id AND c.deleted_at IS NULL
         LEFT JOIN profiles p ON p.user_id = i.invited_by
        WHERE lower(i.email) IN (${userEmailsSql('$1')})
          AND i.status = 'pending' AND NOT i.awaiting_signup AND i.expires_at > now()
        ORDER BY i.created_at`,
      [profile.userId],
    );
    return { items: rows.map(toMyInvitation) };
  }

  /** The pending, unexpired invitations addressed to one of the user's e-mails, in live companies. */
  private myInvitationsQuery(userId: string) {
    return this.dataSource.manager
      .createQueryBuilder(InvitationEntity, 'i')
      .innerJoin(CompanyEntity, 'c', 'c.id = i.company_id AND c.deleted_at IS NULL')
      .leftJoin(ProfileEntity, 'p', 'p.user_id = i.invited_by')
      .select([
        'i.id AS id',
        'i.company_id AS company_id',
        'c.name AS company_name',
        'i.role AS role',
        'p.display_name AS inviter',
        'i.created_at AS created_at',
        'i.expires_at AS expires_at',
      ])
      .where(`lower(i.email) IN (${userEmailsSql(':userId')})`, { userId })
      .andWhere(`i.status = 'pending' AND NOT i.awaiting_signup AND i.expires_at > now()`);
  }

  /** The invitee, signed in, answers an invitation addressed to their e-mail. */
  async respondAsInvitee(
    userId: string,
    invitationId: string,
    answer: 'accept' | 'reject',
    meta: RequestMeta,
  ): Promise<InvitationAcceptedResponse | { status: 'rejected' }> {
    const profile = await this.profileOf(userId);
    return this.idempotency.transaction([AcceptMyInvitation, RejectMyInvitation], async (manager) => {
      const invitation = await manager
        .createQueryBuilder(InvitationEntity, 'i')
        .where(`i.id = :id AND lower(i.email) IN (${userEmailsSql(':userId')})`, {
          id: invitationId,
          userId: profile.userId,
        })
        .setLock('pessimistic_write')
        .getOne();
      if (!invitation) throw notFound();
      const reason = unusableReason(invitation);
      if (reason) throw gone(reason);
      if (answer === 'reject') {
        await manager.update(
          InvitationEntity,
          { id: invitation.id },
          { status: 'rejected', respondedAt: new Date() },
        );
        return { status: 'rejected' as const };
      }
      return this.acceptFor(manager, invitation, userId, meta);
    });
  }

  /** With the token from the e-mail; see AcceptInvitationByToken. */
  async acceptByToken(token: string, userId: string | null, meta: RequestMeta) {
    return this.idempotency.transaction(AcceptInvitationByToken, async (manager) => {
      const invitation = await manager
        .createQueryBuilder(InvitationEntity, 'i')
        .where('i.token_hash = :hash', { hash: sha256Hex(token) })
        .setLock('pessimistic_write')
        .getOne();
      if (!invitation) throw notFound();
      const reason = unusableReason(invitation);
      if (reason) throw gone(reason);
      if (userId) return this.acceptFor(manager, invitation, userId, meta);
      // The address may be a user's sign-in address or one they validated (the sign-in one wins).
      const [existing] = await manager.query<Array<{ userId: string }>>(
        `SELECT p.user_id AS "userId" FROM profiles p WHERE p.user_id IN (${usersWithEmailSql('lower($1)')})
          ORDER BY lower(p.email) = lower($1) DESC, p.user_id LIMIT 1`,
        [invitation.email],
      );
      if (existing) return this.acceptFor(manager, invitation, existing.userId, meta);
      // Seats are checked now too (the membership itself comes when the account is created).
      await this.requireSeat(invitation.companyId, meta);
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { awaitingSignup: true, respondedAt: new Date() },
      );
      return { status: 'awaiting_signup' as const, companyId: invitation.companyId, email: invitation.email };
    });
  }

  /**
   * A new account: invitations accepted with the token before it existed (and still addressed to its
   * e-mail) turn into memberships. Runs inside the UserRegistered handler's transaction.
   */
  async completeAwaitingSignup(manager: EntityManager, userId: string, email: string, eventMeta: EventMeta) {
    const waiting = await manager
      .createQueryBuilder(InvitationEntity, 'i')
      .where(`lower(i.email) = lower(:email) AND i.status = 'pending' AND i.awaiting_signup`, { email })
      .setLock('pessimistic_write')
      .getMany();
    for (const invitation of waiting) {
      const company: unknown[] = await manager.query(
        `SELECT 1 FROM companies WHERE id = $1 AND deleted_at IS NULL`,
        [invitation.companyId],
      );
      if (!company.length) {
        // The company went away meanwhile: nothing to join (and no reason to fail the event forever).
        await manager.update(
          InvitationEntity,
          { id: invitation.id },
          { status: 'revoked', awaitingSignup: false },
        );
        continue;
      }
      const already = await manager.findOneBy(MembershipEntity, { companyId: invitation.companyId, userId });
      if (!already)
        await grantMembership(
          manager,
          this.members,
          { companyId: invitation.companyId, userId, role: invitation.role },
          { ...eventMeta, tenantId: invitation.companyId },
        );
      await manager.update(
        InvitationEntity,
        { id: invitation.id },
        { status: 'accepted', acceptedBy: userId, awaitingSignup: false },
      );
    }
  }

  private async acceptFor(
    manager: EntityManager,
    invitation: InvitationEntity,
    userId: string,
    meta: RequestMeta,
  ): Promise<InvitationAcceptedResponse> {
    // The company may have filled its seats since the invitation was sent: refuse, and write nothing.
    await this.requireSeat(invitation.companyId, meta);
    await grantMembership(
      manager,
      this.members,
      { companyId: invitation.companyId, userId, role: invitation.role },
      eventMetaOf(meta, invitation.companyId),
    );
    await manager.update(
      InvitationEntity,
      { id: invitation.id },
      { status: 'accepted', acceptedBy: userId, respondedAt: new Date() },
    );
    return { status: 'accepted', companyId: invitation.companyId, role: invitation.role };
  }

  /** Billing must have a seat left for one more member (409 `maxSubscriptionSizeReached` otherwise). */
  private async requireSeat(companyId: string, meta: RequestMeta): Promise<void> {
    const seats = await this.seats.check(companyId, 1, meta);
    if (seats.allowed < 1)
      throw new AppError(
        'CONFLICT',
        'No seat is left in the company’s subscription (maxSubscriptionSizeReached)',
      );
  }

  private async lockInvitation(
    manager: EntityManager,
    companyId: string,
    id: string,
  ): Promise<InvitationEntity> {
    const invitation = await manager
      .createQueryBuilder(InvitationEntity, 'i')
      .where('i.id = :id AND i.company_id = :companyId', { id, companyId })
      .setLock('pessimistic_write')
      .getOne();
    if (!invitation) throw notFound();
    return invitation;
  }

  private async profileOf(userId: string): Promise<ProfileEntity> {
    const profile = await this.dataSource.manager.findOneBy(ProfileEntity, { userId });
    if (!profile) throw new AppError('NOT_FOUND', 'No profile yet for this user');
    return profile;
  }

  private async emitSent(
    manager: EntityManager,
    invitation: InvitationEntity,
    companyName: string,
    token: string,
    eventMeta: EventMeta,
  ): Promise<void> {
    const inviter = invitation.invitedBy
      ? await manager.findOneBy(ProfileEntity, { userId: invitation.invitedBy })
      : null;
    await this.outbox.add(
      manager,
      InvitationSent,
      {
        invitationId: invitation.id,
        companyId: invitation.companyId,
        companyName,
        email: invitation.email,
        role: invitation.role,
        token,
        invitedByName: inviter?.displayName ?? null,
        resendCount: invitation.resendCount,
        expiresAt: invitation.expiresAt.toISOString(),
      },
      eventMeta,
    );
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.INVITATION_TTL_HOURS * 3600 * 1000);
  }
}
