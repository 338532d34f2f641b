import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ListQuery, Page } from '@roster/contracts';
import { applyListQuery, ColumnMap } from '@roster/persistence';

/** One page of a list query (filters, sort, paging applied with bound parameters) and the total. */
export async function fetchPage<E extends ObjectLiteral, R>(
  qb: SelectQueryBuilder<E>,
  query: ListQuery,
  columns: ColumnMap,
  tiebreaker: string,
  map: (row: E) => R,
): Promise<Page<R>> {
  applyListQuery(qb, query, columns, tiebreaker);
  const [rows, total] = await Promise.all([
    qb.getMany(),
    qb.clone().offset(undefined).limit(undefined).orderBy().getCount(),
  ]);
  return { items: rows.map(map), total, limit: query.limit, skip: query.skip };
}
