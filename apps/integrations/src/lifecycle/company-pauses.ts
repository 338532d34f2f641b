import { EntityManager } from 'typeorm';

/** `disabled_reason` of the webhook endpoints a company's deletion paused (restore re-activates only those). */
export const PAUSED_BY_DELETION = 'company_deleted';

/** Whether the company is deleted (its deliveries paused) and not yet restored or purged. */
export async function companyPaused(manager: EntityManager, companyId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `SELECT 1 FROM company_pauses WHERE company_id = $1 AND restored_at IS NULL`,
    [companyId],
  );
  return rows.length > 0;
}
