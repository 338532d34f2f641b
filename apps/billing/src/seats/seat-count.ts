import { EntityManager } from 'typeorm';

/** The company's active seats: the sum of its recorded seat changes. */
export async function seatCount(manager: EntityManager, companyId: string): Promise<number> {
  const [row] = await manager.query<Array<{ n: number }>>(
    `SELECT coalesce(sum(delta), 0)::int AS n FROM seat_changes WHERE company_id = $1`,
    [companyId],
  );
  return row.n;
}
