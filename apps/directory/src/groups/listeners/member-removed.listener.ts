import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, MemberChangeData, MemberRemoved } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';

/**
 * A user who leaves a company leaves its groups (as member and leader), org units, labels and direct
 * application assignments too, in the transaction that removes the member. (Reads already ignore former
 * members; this keeps the links clean.)
 */
@Injectable()
export class OrgMemberRemovedListener {
  @OnEvent(MemberRemoved, { consumer: 'org', inTransaction: true })
  async handle(event: EventEnvelope<MemberChangeData>, manager: EntityManager): Promise<void> {
    const { companyId, userId } = event.data;
    // Run again from the durable of an earlier version, the member may have rejoined since (a later
    // MemberAdded): then keep nothing stale, touch nothing new.
    const rejoined: unknown[] = await manager.query(
      `SELECT 1 FROM memberships WHERE company_id = $1 AND user_id = $2`,
      [companyId, userId],
    );
    if (rejoined.length) return;
    for (const table of ['group_members', 'org_unit_members', 'member_labels', 'application_members'])
      await manager.query(`DELETE FROM ${table} WHERE company_id = $1 AND user_id = $2`, [companyId, userId]);
  }
}
