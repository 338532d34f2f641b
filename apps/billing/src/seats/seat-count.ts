import { EntityManager } from 'typeorm';
import { preparedQuery } from '@roster/persistence';

/** The company's active seats: the sum of its recorded seat changes. */
export async function seatCount(manager: EntityManager, companyId: string): Promise<number> {
  const [row] = await preparedQuery<{ n: number }>(
    manager,
    'billing.seat-count',
    `SELECT coalesce(sum(delta), 0)::int AS n FROM seat_changes WHERE company_id = $1`,
    [companyId],
  );
  return row.n;
}
