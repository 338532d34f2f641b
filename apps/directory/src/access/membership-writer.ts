import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AppError,
  CompanyRole,
  EventContract,
  MemberAdded,
  MemberChangeData,
  MemberDisabled,
  MemberEnabled,
  MemberRemoved,
  MemberRoleChanged,
  MemberStatus,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { preparedQuery } from '@roster/persistence';
import { MembershipEntity } from '../companies/membership.entity';
import { MemberLogAction } from '../members/member-log.entity';
import { MemberChange, removesLastOwner } from '../members/member-policy';

export interface MemberKey {
  companyId: string;
  userId: string;
}

interface MembershipRow {
  company_id: string;
  user_id: string;
  role: CompanyRole;
  status: MemberStatus;
  created_at: Date;
  updated_at: Date;
}

function toMembership(row: MembershipRow): MembershipEntity {
  return Object.assign(new MembershipEntity(), {
    companyId: row.company_id,
    userId: row.user_id,
    role: row.role,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/**
 * The one place that writes memberships. Every change locks the company row, raises the company's
 * member_sequence by one, refuses to leave the company without an active owner (409), and records the
 * matching member event and member-log entry in the same transaction. Callers pass the transaction's manager; authorization
 * (who may do this) is the caller's job.
 */
@Injectable()
export class MembershipWriter {
  constructor(private readonly outbox: OutboxService) {}

  async addMember(
    manager: EntityManager,
    { companyId, userId, role }: MemberKey & { role: CompanyRole },
    meta: RequestMeta,
    /** The caller already holds this company's lock (CompanyAccessService.require with `lock`). */
    options: { companyLocked?: boolean } = {},
  ): Promise<MembershipEntity> {
    if (!options.companyLocked) await this.lockCompany(manager, companyId);
    // One statement: an existing membership (the primary key) inserts nothing and returns no row.
    const rows = await preparedQuery<MembershipRow>(
      manager,
      'directory.membership-add',
      `INSERT INTO memberships (company_id, user_id, role, status) VALUES ($1, $2, $3, 'active')
       ON CONFLICT (company_id, user_id) DO NOTHING
       RETURNING company_id, user_id, role, status, created_at, updated_at`,
      [companyId, userId, role],
    );
    if (!rows[0]) throw new AppError('CONFLICT', 'This user is already a member of the company');
    const membership = toMembership(rows[0]);
    await this.emit(manager, MemberAdded, membership, meta);
    return membership;
  }

  async removeMember(manager: EntityManager, key: MemberKey, meta: RequestMeta): Promise<MembershipEntity> {
    const current = await this.loadForChange(manager, key, { remove: true });
    await manager.delete(MembershipEntity, key);
    await this.emit(manager, MemberRemoved, current, meta);
    return current;
  }

  async changeRole(
    manager: EntityManager,
    key: MemberKey & { role: CompanyRole },
    meta: RequestMeta,
  ): Promise<MembershipEntity> {
    const current = await this.loadForChange(manager, key, { role: key.role });
    if (current.role === key.role) return current;
    await manager.update(
      MembershipEntity,
      { companyId: key.companyId, userId: key.userId },
      { role: key.role },
    );
    const updated = (await this.load(manager, key))!;
    await this.emit(manager, MemberRoleChanged, updated, meta, { previousRole: current.role });
    return updated;
  }

  async setStatus(
    manager: EntityManager,
    key: MemberKey & { status: MemberStatus },
    meta: RequestMeta,
  ): Promise<MembershipEntity> {
    const current = await this.loadForChange(manager, key, { status: key.status });
    if (current.status === key.status) return current;
    await manager.update(
      MembershipEntity,
      { companyId: key.companyId, userId: key.userId },
      { status: key.status },
    );
    const updated = (await this.load(manager, key))!;
    await this.emit(manager, key.status === 'disabled' ? MemberDisabled : MemberEnabled, updated, meta);
    return updated;
  }

  /**
   * Serializes membership changes (and last-owner checks) of one company; a deleted company is 404.
   * NO KEY UPDATE: it excludes every other change of the row (and this lock) but not the key-share locks
   * that inserts of rows referencing the company take, so those do not queue behind a member change.
   */
  async lockCompany(manager: EntityManager, companyId: string): Promise<void> {
    const rows = await preparedQuery(
      manager,
      'directory.company-lock',
      `SELECT id FROM companies WHERE id = $1 AND deleted_at IS NULL FOR NO KEY UPDATE`,
      [companyId],
    );
    if (!rows.length) throw new AppError('NOT_FOUND', 'Company not found');
  }

  async countSeats(
    manager: EntityManager,
    companyId: string,
  ): Promise<{ activeSeats: number; sequence: number } | null> {
    const rows: { active_seats: number; sequence: number }[] = await manager.query(
      `SELECT c.member_sequence AS sequence,
              (SELECT count(*)::int FROM memberships m WHERE m.company_id = c.id AND m.status = 'active')
                AS active_seats
         FROM companies c WHERE c.id = $1`,
      [companyId],
    );
    return rows[0] ? { activeSeats: rows[0].active_seats, sequence: rows[0].sequence } : null;
  }

  private load(manager: EntityManager, { companyId, userId }: MemberKey) {
    return manager.findOneBy(MembershipEntity, { companyId, userId });
  }

  private async loadForChange(
    manager: EntityManager,
    key: MemberKey,
    change: MemberChange,
  ): Promise<MembershipEntity> {
    await this.lockCompany(manager, key.companyId);
    const current = await this.load(manager, key);
    if (!current) throw new AppError('NOT_FOUND', 'Member not found');
    if (current.role === 'owner' && current.status === 'active') {
      const [{ owners }]: { owners: number }[] = await manager.query(
        `SELECT count(*)::int AS owners FROM memberships
          WHERE company_id = $1 AND role = 'owner' AND status = 'active'`,
        [key.companyId],
      );
      if (removesLastOwner(owners, current, change))
        throw new AppError('CONFLICT', 'The company must keep at least one active owner');
    }
    return current;
  }

  private async emit(
    manager: EntityManager,
    contract: EventContract<MemberChangeData>,
    membership: MembershipEntity,
    meta: RequestMeta,
    extra: { previousRole?: CompanyRole } = {},
  ): Promise<void> {
    // One statement (prepared, like the lock and the insert above: every member change runs them) raises
    // the company's member sequence, writes the member-log entry with it, and returns it with the count.
    const at = new Date();
    const action = contract.subject.slice(contract.subject.lastIndexOf('.') + 1) as MemberLogAction;
    const [{ sequence, active }] = await preparedQuery<{ sequence: number; active: number }>(
      manager,
      'directory.member-change-logged',
      `WITH raised AS (
         UPDATE companies SET member_sequence = member_sequence + 1 WHERE id = $1 RETURNING member_sequence
       ), logged AS (
         INSERT INTO member_log (company_id, user_id, action, role, status, previous_role, sequence, actor_type,
                                 actor_id, actor_impersonator_id, ip, user_agent, at)
         SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, $6::text, raised.member_sequence, $7::text,
                $8::text, $9::text, $10::text, $11::text, $12::timestamptz
           FROM raised
       )
       SELECT raised.member_sequence AS sequence,
              (SELECT count(*)::int FROM memberships WHERE company_id = $1 AND status = 'active') AS active
         FROM raised`,
      [
        membership.companyId,
        membership.userId,
        action,
        membership.role,
        membership.status,
        extra.previousRole ?? null,
        meta.actor.type,
        meta.actor.id,
        meta.actor.impersonatorId ?? null,
        meta.ip ?? null,
        meta.userAgent ?? null,
        at,
      ],
    );
    const data: MemberChangeData = {
      companyId: membership.companyId,
      userId: membership.userId,
      role: membership.role,
      status: membership.status,
      sequence,
      activeSeats: active,
      at: at.toISOString(),
      ...extra,
    };
    await this.outbox.add(manager, contract, data, eventMetaOf(meta, membership.companyId));
  }
}
