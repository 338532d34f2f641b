import { EntityManager } from 'typeorm';
import { AppError, CompanyRole, MemberAdded } from '@roster/contracts';
import { EventMeta, OutboxService } from '@roster/messaging';
import { MembershipEntity } from '../companies/membership.entity';

/**
 * ─── MERGE NOTE (dir-people → dir-core) ─────────────────────────────────────────────────────────────
 * The ONE place where invitations, signup requests, domain auto-join and the CSV import add a member.
 * dir-core owns the member writer (member events with the company-wide sequence); when merging, replace
 * the body with a call to that writer. Until then it does the same thing by itself: lock the company row,
 * raise `companies.member_sequence`, insert the membership, count the active members and write
 * MemberAdded in the caller's transaction.
 * Active members: every membership here (this branch has no member status); count only active ones
 * once dir-core's status column exists.
 * ──────────────────────────────────────────────────────────────────────────────────────────────────────
 */
export interface GrantedMembership {
  companyId: string;
  userId: string;
  role: CompanyRole;
  sequence: number;
  activeSeats: number;
}

export async function grantMembership(
  manager: EntityManager,
  outbox: OutboxService,
  grant: { companyId: string; userId: string; role: CompanyRole },
  eventMeta: EventMeta,
): Promise<GrantedMembership> {
  const { companyId, userId, role } = grant;
  const locked: { id: string }[] = await manager.query(
    `SELECT id FROM companies WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
    [companyId],
  );
  if (!locked.length) throw new AppError('NOT_FOUND', 'Company not found');
  const existing = await manager.findOneBy(MembershipEntity, { companyId, userId });
  if (existing) throw new AppError('CONFLICT', 'Already a member of this company');
  const [{ member_sequence: sequence }]: { member_sequence: number }[] = await manager.query(
    // A CTE, so the driver answers with plain rows (a bare UPDATE … RETURNING comes back as [rows, count]).
    `WITH raised AS (UPDATE companies SET member_sequence = member_sequence + 1 WHERE id = $1 RETURNING member_sequence)
     SELECT member_sequence FROM raised`,
    [companyId],
  );
  await manager.insert(MembershipEntity, { companyId, userId, role });
  const [{ count }]: { count: number }[] = await manager.query(
    `SELECT count(*)::int AS count FROM memberships WHERE company_id = $1`,
    [companyId],
  );
  await outbox.add(
    manager,
    MemberAdded,
    { companyId, userId, role, status: 'active', sequence, activeSeats: count, at: new Date().toISOString() },
    eventMeta,
  );
  return { companyId, userId, role, sequence, activeSeats: count };
}
