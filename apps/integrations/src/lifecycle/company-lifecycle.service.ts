import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanyDeletedData, CompanyPurgedData, CompanyRestoredData, EventEnvelope } from '@roster/contracts';
import { PAUSED_BY_DELETION } from './company-pauses';

/** Far in the future: a pending recipe run leased until then is never claimed (paused). */
const HELD = 'infinity';

/** What a purge removed, for the log. */
export interface PurgedCounts {
  integrations: number;
  mappings: number;
  webhookEndpoints: number;
  recipes: number;
}

/**
 * Integrations' side of a company's deletion (directory's `company.deleted` → `restored` | `purged`).
 *
 * - **deleted** pauses everything that leaves on the company's behalf: its active webhook endpoints are
 *   switched off with `disabledReason: company_deleted` (pending deliveries wait, new events queue nothing),
 *   its enabled recipes are disabled and their pending runs held, PSA billing sync stops for every mapping of
 *   the company (in its own or any provider's integration: waiting runs are superseded, no new ones queue).
 * - **restored** undoes exactly that: endpoints paused by the deletion (not ones the customer or the failure
 *   counter switched off) and the recipes it disabled come back; held runs and waiting deliveries go on.
 *   Billing sync resumes with the next seat change (billing publishes one when it resumes the subscription).
 * - **purged** deletes the company's integrations (their sealed secrets, mappings, PSA jobs, errors, alert
 *   settings and tickets go with them), its mappings and PSA jobs in other companies' (providers')
 *   integrations, its webhook endpoints (sealed secrets, deliveries and attempts: no delivery log is kept), the
 *   events recorded for replay, its recipes and their runs, its e-mail look, members and tenant.
 *
 * Each handler runs in the event's transaction (processed-event ledger): a redelivery changes nothing. A restore
 * that overtakes its deletion (the two travel on one stream but are handled by separate consumers) is
 * remembered in `company_pauses.restored_at`, so that deletion, when it comes, pauses nothing.
 * Integrations publishes no event for these changes (they are consequences of directory's event).
 */
@Injectable()
export class CompanyLifecycleService {
  private readonly logger = new Logger(CompanyLifecycleService.name);

  async deleted(event: EventEnvelope<CompanyDeletedData>, manager: EntityManager): Promise<void> {
    const { companyId, deletedAt } = event.data;
    const [known] = await manager.query<Array<{ deleted_at: Date; restored_at: Date | null }>>(
      `SELECT deleted_at, restored_at FROM company_pauses WHERE company_id = $1 FOR UPDATE`,
      [companyId],
    );
    if (known && !known.restored_at) return; // Paused already.
    // Its restore overtook this deletion: the company is back, nothing to pause.
    if (known && known.deleted_at.getTime() === Date.parse(deletedAt)) return;
    await manager.query(
      `UPDATE webhook_endpoints SET active = false, disabled_reason = $2, updated_at = now()
        WHERE company_id = $1 AND active`,
      [companyId, PAUSED_BY_DELETION],
    );
    // UPDATE and DELETE … RETURNING answer [rows, affected count] through TypeORM.
    const [recipes] = await manager.query<[Array<{ id: string }>, number]>(
      `UPDATE recipes SET enabled = false, updated_at = now() WHERE company_id = $1 AND enabled RETURNING id`,
      [companyId],
    );
    await manager.query(
      `UPDATE recipe_runs SET locked_until = $2 WHERE company_id = $1 AND status = 'pending'
          AND (locked_until IS NULL OR locked_until < now())`,
      [companyId, HELD],
    );
    await manager.query(
      `UPDATE psa_jobs SET status = 'superseded', finished_at = now(), result = 'company deleted'
        WHERE company_id = $1 AND kind = 'billing-sync' AND status IN ('pending', 'retrying')`,
      [companyId],
    );
    await manager.query(
      `INSERT INTO company_pauses (company_id, deleted_at, recipe_ids) VALUES ($1, $2, $3)
       ON CONFLICT (company_id) DO UPDATE SET deleted_at = $2, recipe_ids = $3, paused_at = now(),
         restored_at = NULL`,
      [companyId, deletedAt, recipes.map((r) => r.id)],
    );
  }

  async restored(event: EventEnvelope<CompanyRestoredData>, manager: EntityManager): Promise<void> {
    const { companyId, deletedAt, restoredAt } = event.data;
    const [pause] = await manager.query<Array<{ recipe_ids: string[]; restored_at: Date | null }>>(
      `SELECT recipe_ids, restored_at FROM company_pauses WHERE company_id = $1 FOR UPDATE`,
      [companyId],
    );
    await manager.query(
      `INSERT INTO company_pauses (company_id, deleted_at, recipe_ids, restored_at) VALUES ($1, $2, '{}', $3)
       ON CONFLICT (company_id) DO UPDATE SET deleted_at = $2, recipe_ids = '{}', restored_at = $3`,
      [companyId, deletedAt, restoredAt],
    );
    // No pause: the restore overtook its deletion (the row above makes that deletion a no-op when it comes).
    if (!pause || pause.restored_at) return;
    await manager.query(
      `UPDATE webhook_endpoints SET active = true, disabled_reason = NULL, updated_at = now()
        WHERE company_id = $1 AND NOT active AND disabled_reason = $2`,
      [companyId, PAUSED_BY_DELETION],
    );
    await manager.query(
      `UPDATE recipes SET enabled = true, updated_at = now() WHERE company_id = $1 AND id = ANY($2::uuid[])`,
      [companyId, pause.recipe_ids],
    );
    await manager.query(
      `UPDATE recipe_runs SET locked_until = NULL WHERE company_id = $1 AND status = 'pending'
          AND locked_until = $2`,
      [companyId, HELD],
    );
  }

  async purged(event: EventEnvelope<CompanyPurgedData>, manager: EntityManager): Promise<PurgedCounts> {
    const { companyId } = event.data;
    const remove = async (sql: string): Promise<number> => {
      const [, count] = await manager.query<[unknown[], number]>(sql, [companyId]);
      return count;
    };
    const counts: PurgedCounts = {
      // Cascades: mappings, PSA jobs, errors, alert configurations and tickets of its own integrations.
      integrations: await remove(`DELETE FROM integrations WHERE company_id = $1`),
      mappings: await remove(`DELETE FROM integration_mappings WHERE company_id = $1`),
      // Cascades: deliveries and their attempts.
      webhookEndpoints: await remove(`DELETE FROM webhook_endpoints WHERE company_id = $1`),
      // Cascades: runs.
      recipes: await remove(`DELETE FROM recipes WHERE company_id = $1`),
    };
    await remove(`DELETE FROM psa_jobs WHERE company_id = $1`);
    await remove(`DELETE FROM integration_errors WHERE company_id = $1`);
    await remove(`DELETE FROM webhook_events WHERE company_id = $1`);
    await remove(`DELETE FROM email_brands WHERE company_id = $1`);
    await remove(`DELETE FROM integration_members WHERE company_id = $1`);
    await remove(`DELETE FROM integration_tenants WHERE company_id = $1`);
    await remove(`DELETE FROM company_pauses WHERE company_id = $1`);
    this.logger.log(`Purged the integrations of company ${companyId}: ${JSON.stringify(counts)}`);
    return counts;
  }
}
