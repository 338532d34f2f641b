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
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';

/** Keeps auth's copy of companies' 2FA policy and memberships (directory owns them). */
@Injectable()
export class CompanyDirectoryListener {
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
  onDisabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.apply(event.data, true, manager);
  }

  @OnEvent(MemberEnabled)
  onEnabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.apply(event.data, true, manager);
  }

  @OnEvent(MemberRemoved)
  onRemoved(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.apply(event.data, false, manager);
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
