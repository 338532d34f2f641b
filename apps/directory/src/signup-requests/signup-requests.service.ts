import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, JoinableCompanyResponse, ListQuery, Page, SignupRequestResponse } from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { applyListQuery, ColumnMap } from '@roster/persistence';
import { CompanyAccessService } from '../access/company-access.service';
import { MembershipEntity } from '../companies/membership.entity';
import { emailDomain } from '../domains/domain-name';
import { MembershipWriter } from '../access/membership-writer';
import { grantMembership } from '../invitations/membership-grant';
import { SeatGate } from '../invitations/seat-gate';
import { ProfileEntity } from '../profiles/profile.entity';
import { SignupRequestEntity } from './signup-request.entity';

export const SIGNUP_REQUEST_COLUMNS: ColumnMap = { email: 's.email', createdAt: 's.created_at' };

const toResponse = (s: SignupRequestEntity): SignupRequestResponse => ({
  id: s.id,
  companyId: s.companyId,
  userId: s.userId,
  email: s.email,
  createdAt: s.createdAt.toISOString(),
});

const noSeat = () =>
  new AppError('CONFLICT', 'No seat is left in the company’s subscription (maxSubscriptionSizeReached)');

@Injectable()
export class SignupRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
    private readonly outbox: OutboxService,
    private readonly seats: SeatGate,
    private readonly members: MembershipWriter,
  ) {}

  /** Companies whose verified domain matches the caller's e-mail. */
  async joinable(userId: string): Promise<{ items: JoinableCompanyResponse[] }> {
    const profile = await this.profileOf(userId);
    const rows: Array<{ company_id: string; name: string; domain: string; auto_join: boolean }> =
      await this.dataSource.query(
        `SELECT d.company_id, c.name, d.domain, d.auto_join
           FROM company_domains d JOIN companies c ON c.id = d.company_id AND c.deleted_at IS NULL
          WHERE d.domain = $1 AND d.verified_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.company_id = d.company_id AND m.user_id = $2)`,
        [emailDomain(profile.email), userId],
      );
    return {
      items: rows.map((r) => ({
        companyId: r.company_id,
        companyName: r.name,
        domain: r.domain,
        autoJoin: r.auto_join,
      })),
    };
  }

  /**
   * Only where the company verified the caller's e-mail domain (anywhere else the company stays invisible:
   * 404, as for every other company route). Auto-join when the company allows it; otherwise a request for
   * an admin to confirm.
   */
  async request(userId: string, companyId: string, meta: RequestMeta) {
    const profile = await this.profileOf(userId);
    const domain = await this.matchingDomain(companyId, profile.email);
    if (!domain) {
      // Members asking again learn they are members; everyone else learns nothing.
      if (await this.dataSource.manager.existsBy(MembershipEntity, { companyId, userId }))
        throw new AppError('CONFLICT', 'Already a member of this company');
      throw new AppError('NOT_FOUND', 'Company not found');
    }
    const autoJoin = domain.autoJoin;
    if (autoJoin) {
      const seats = await this.seats.check(companyId, 1, meta);
      if (seats.allowed < 1) throw noSeat();
    }
    return this.dataSource.transaction(async (manager) => {
      const company: { id: string }[] = await manager.query(
        `SELECT id FROM companies WHERE id = $1 AND deleted_at IS NULL`,
        [companyId],
      );
      if (!company.length) throw new AppError('NOT_FOUND', 'Company not found');
      if (await manager.existsBy(MembershipEntity, { companyId, userId }))
        throw new AppError('CONFLICT', 'Already a member of this company');
      if (autoJoin) {
        await grantMembership(
          manager,
          this.members,
          { companyId, userId, role: 'member' },
          eventMetaOf(meta, companyId),
        );
        await manager.delete(SignupRequestEntity, { companyId, userId });
        return { status: 'joined' as const, companyId, role: 'member' as const };
      }
      const id = randomUUID();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(SignupRequestEntity)
        .values({ id, companyId, userId, email: profile.email })
        .orIgnore()
        .execute();
      if (!inserted.identifiers.length || !(await manager.existsBy(SignupRequestEntity, { id })))
        throw new AppError('CONFLICT', 'You already asked to join this company');
      return {
        status: 'pending' as const,
        request: toResponse(await manager.findOneByOrFail(SignupRequestEntity, { id })),
      };
    });
  }

  async list(userId: string, companyId: string, query: ListQuery): Promise<Page<SignupRequestResponse>> {
    await this.access.require(userId, companyId, 'manage');
    const qb = this.dataSource.manager
      .createQueryBuilder(SignupRequestEntity, 's')
      .where('s.company_id = :companyId', { companyId });
    applyListQuery(qb, query, SIGNUP_REQUEST_COLUMNS, 's.id');
    const [items, total] = await qb.getManyAndCount();
    return { items: items.map(toResponse), total, limit: query.limit, skip: query.skip };
  }

  async confirm(userId: string, companyId: string, requestId: string, meta: RequestMeta) {
    await this.access.require(userId, companyId, 'manage');
    if (!(await this.dataSource.manager.existsBy(SignupRequestEntity, { id: requestId, companyId })))
      throw new AppError('NOT_FOUND', 'Signup request not found');
    const seats = await this.seats.check(companyId, 1, meta);
    if (seats.allowed < 1) throw noSeat();
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lock(manager, companyId, requestId);
      await manager.delete(SignupRequestEntity, { id: request.id });
      await grantMembership(
        manager,
        this.members,
        { companyId, userId: request.userId, role: 'member' },
        eventMetaOf(meta, companyId),
      );
      return { status: 'joined' as const, companyId, userId: request.userId, role: 'member' as const };
    });
  }

  async delete(userId: string, companyId: string, requestId: string): Promise<{ deleted: true }> {
    await this.access.require(userId, companyId, 'manage');
    return this.dataSource.transaction(async (manager) => {
      const request = await this.lock(manager, companyId, requestId);
      await manager.delete(SignupRequestEntity, { id: request.id });
      return { deleted: true as const };
    });
  }

  /** The company's verified domain matching the e-mail, if any. */
  private async matchingDomain(companyId: string, email: string): Promise<{ autoJoin: boolean } | null> {
    const rows: { auto_join: boolean }[] = await this.dataSource.query(
      `SELECT d.auto_join FROM company_domains d JOIN companies c ON c.id = d.company_id AND c.deleted_at IS NULL
        WHERE d.company_id = $1 AND d.domain = $2 AND d.verified_at IS NOT NULL`,
      [companyId, emailDomain(email)],
    );
    return rows[0] ? { autoJoin: rows[0].auto_join } : null;
  }

  private async lock(manager: EntityManager, companyId: string, id: string): Promise<SignupRequestEntity> {
    const request = await manager
      .createQueryBuilder(SignupRequestEntity, 's')
      .where('s.id = :id AND s.company_id = :companyId', { id, companyId })
      .setLock('pessimistic_write')
      .getOne();
    if (!request) throw new AppError('NOT_FOUND', 'Signup request not found');
    return request;
  }

  private async profileOf(userId: string): Promise<ProfileEntity> {
    const profile = await this.dataSource.manager.findOneBy(ProfileEntity, { userId });
    if (!profile) throw new AppError('NOT_FOUND', 'No profile yet for this user');
    return profile;
  }
}
