import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CompanyDeleted,
  CompanyDeletedData,
  CompanyPolicyUpdated,
  CompanyPolicyUpdatedData,
  EventEnvelope,
  MemberAdded,
  MemberChangeData,
  MemberDisabled,
  MemberEnabled,
  MemberRemoved,
  MemberRoleChanged,
  SessionRevocationReason,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { SessionsService } from '../sessions/sessions.service';

/**
 * Keeps auth's copy of companies' 2FA policy and memberships (directory owns them). A member disabled in
 * or removed from a company also ends the impersonations they take part in there (as the member or as
 * the admin acting): those sessions are the only ones bound to a company. Login sessions and OAuth grants
 * belong to the person, not to one company, so they live on; directory refuses a disabled member in that
 * company on every request anyway.
 */
@Injectable()
export class CompanyDirectoryListener {
  constructor(private readonly sessions: SessionsService) {}

  @OnEvent(CompanyPolicyUpdated)
  async onPolicy(event: EventEnvelope<CompanyPolicyUpdatedData>, manager: EntityManager): Promise<void> {
    const { companyId, enforced2fa, updatedAt } = event.data;
    await manager.query(
      `INSERT INTO company_policies (company_id, enforced_2fa, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (company_id) DO UPDATE SET enforced_2fa = EXCLUDED.enforced_2fa, updated_at = EXCLUDED.updated_at
         WHERE company_policies.updated_at < EXCLUDED.updated_at`,
      [companyId, enforced2fa, updatedAt],
    );
  }

  @OnEvent(CompanyDeleted)
  async onCompanyDeleted(event: EventEnvelope<CompanyDeletedData>, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM company_policies WHERE company_id = $1`, [event.data.companyId]);
    await manager.query(`UPDATE company_members SET present = false WHERE company_id = $1`, [
      event.data.companyId,
    ]);
  }

  @OnEvent(MemberAdded)
  onAdded(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.apply(event.data, true, manager);
  }

  @OnEvent(MemberRoleChanged)
  onRoleChanged(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.apply(event.data, true, manager);
  }

  @OnEvent(MemberDisabled)
  async onDisabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    await this.apply(event.data, true, manager);
    await this.endImpersonations(event, 'member_disabled', manager);
  }

  @OnEvent(MemberEnabled)
  onEnabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.apply(event.data, true, manager);
  }

  @OnEvent(MemberRemoved)
  async onRemoved(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    await this.apply(event.data, false, manager);
    await this.endImpersonations(event, 'member_removed', manager);
  }

  private async endImpersonations(
    event: EventEnvelope<MemberChangeData>,
    reason: SessionRevocationReason,
    manager: EntityManager,
  ): Promise<void> {
    const { companyId, userId } = event.data;
    await this.sessions.revokeImpersonationsBy(manager, userId, companyId, reason, {
      tenantId: companyId,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.eventId,
    });
  }

  /** Applies a member change unless a later one (by sequence) has been applied already. */
  private async apply(data: MemberChangeData, present: boolean, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO company_members (company_id, user_id, role, status, present, sequence) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (company_id, user_id) DO UPDATE
         SET role = EXCLUDED.role, status = EXCLUDED.status, present = EXCLUDED.present, sequence = EXCLUDED.sequence
         WHERE company_members.sequence < EXCLUDED.sequence`,
      [data.companyId, data.userId, data.role, data.status, present, data.sequence],
    );
  }
}
