import { EntityManager } from 'typeorm';
import { preparedQuery } from '@roster/persistence';

/** The latest seat change's `active_after` for the company in `$1` (a subquery; no row before any change). */
export const LATEST_ACTIVE_AFTER = `SELECT active_after FROM seat_changes WHERE company_id = $1 ORDER BY id DESC LIMIT 1`;

/**
 * The company's active seats: its latest seat change's `active_after` (0 before any). Every change is
 * recorded under the company's lock with `active_after` = this count + its delta, so it equals the sum of
 * the deltas, found in one index step instead of a sum over the company's whole history.
 */
export async function seatCount(manager: EntityManager, companyId: string): Promise<number> {
  const [row] = await preparedQuery<{ n: number }>(
    manager,
    'billing.seat-count',
    `SELECT COALESCE((${LATEST_ACTIVE_AFTER}), 0) AS n`,
    [companyId],
  );
  return row.n;
}
