import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError, FilterTerm, ListQuery, Page } from '@roster/contracts';

/** Maps an API field name to a SQL expression (e.g. `createdAt` -> `c.created_at`). */
export type ColumnMap = Readonly<Record<string, string>>;

const COMPARATORS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

function condition(term: FilterTerm, column: string, param: string): [string, Record<string, unknown>] {
  switch (term.op) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return [`${column} ${COMPARATORS[term.op]} :${param}`, { [param]: term.values[0] }];
    case 'in':
      return [`${column} IN (:...${param})`, { [param]: term.values }];
    case 'between':
      return [
        `${column} BETWEEN :${param}_lo AND :${param}_hi`,
        { [`${param}_lo`]: term.values[0], [`${param}_hi`]: term.values[1] },
      ];
    case 'search': {
      const escaped = term.values[0].replace(/[\\%_]/g, (c) => `\\${c}`);
      return [`${column}::text ILIKE :${param}`, { [param]: `%${escaped}%` }];
    }
  }
}

/**
 * Applies a parsed list query (already checked against the endpoint's spec by the gateway) to a query
 * builder, with bound parameters only. Fields missing from `columns` are refused again here, so a
 * service never trusts the gateway blindly. A stable tiebreaker keeps pages from overlapping.
 */
export function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  columns: ColumnMap,
  tiebreaker: string,
): SelectQueryBuilder<T> {
  query.filter.forEach((term, i) => {
    const column = columns[term.field];
    if (!column)
      throw new AppError('VALIDATION_FAILED', `cannot filter by ${term.field}`, [
        { field: 'filter', message: `unknown field ${term.field}` },
      ]);
    const [sql, params] = condition(term, column, `f${i}`);
    qb.andWhere(new Brackets((w) => w.where(sql, params)));
  });
  for (const term of query.sort) {
    const column = columns[term.field];
    if (!column)
      throw new AppError('VALIDATION_FAILED', `cannot sort by ${term.field}`, [
        { field: 'sort', message: `unknown field ${term.field}` },
      ]);
    qb.addOrderBy(column, term.direction === 'desc' ? 'DESC' : 'ASC');
  }
  qb.addOrderBy(tiebreaker, 'ASC');
  return qb.offset(query.skip).limit(query.limit);
}

/**
 * One page of a list query built with `applyListQuery` (raw rows) and the total of its filter, side by
 * side. The count is a plain COUNT(*) without the page, order and DISTINCT that TypeORM's getCount() adds
 * (a sort of every matching row): use it where each row of the query is one item.
 */
export async function rawPageWithTotal<Row>(
  qb: SelectQueryBuilder<ObjectLiteral>,
): Promise<{ rows: Row[]; total: number }> {
  const [rows, counted] = await Promise.all([
    qb.getRawMany<Row>(),
    qb
      .clone()
      .select('COUNT(*)::int', 'total')
      .offset(undefined)
      .limit(undefined)
      .orderBy()
      .getRawOne<{ total: number }>(),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

/** The query's total, its paging and order left out (TypeORM's count: distinct primary keys of the root). */
export function totalOf<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): Promise<number> {
  return qb.clone().offset(undefined).limit(undefined).orderBy().getCount();
}

/** `applyListQuery`, then the page of entities mapped to items, with the total (see `totalOf`). */
export async function entityPage<E extends ObjectLiteral, T>(
  qb: SelectQueryBuilder<E>,
  query: ListQuery,
  columns: ColumnMap,
  tiebreaker: string,
  map: (entity: E) => T,
): Promise<Page<T>> {
  applyListQuery(qb, query, columns, tiebreaker);
  const [entities, total] = await Promise.all([qb.getMany(), totalOf(qb)]);
  return { items: entities.map(map), total, limit: query.limit, skip: query.skip };
}

/** `applyListQuery`, then the page of raw rows mapped to items, with the total (see `rawPageWithTotal`). */
export async function rawPage<Row, T>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  query: ListQuery,
  columns: ColumnMap,
  tiebreaker: string,
  map: (row: Row) => T,
): Promise<Page<T>> {
  applyListQuery(qb, query, columns, tiebreaker);
  const { rows, total } = await rawPageWithTotal<Row>(qb);
  return { items: rows.map(map), total, limit: query.limit, skip: query.skip };
}
