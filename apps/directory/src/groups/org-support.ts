import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppError, LinkedItem, LinkKind, ListQuery, Page } from '@roster/contracts';
import { applyListQuery, ColumnMap } from '@roster/persistence';

/**
 * Helpers shared by org units, groups, contacts, labels and applications: look-ups scoped to one company
 * (a thing of another company is simply not found), conflict mapping and paging.
 */
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

export function blankCheck(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (!trimmed)
    throw new AppError('VALIDATION_FAILED', `${field}: must not be blank`, [
      { field, message: 'must not be blank' },
    ]);
  return trimmed;
}

/** Postgres unique violation → 409 with a readable detail. */
export async function uniqueOr409<T>(work: () => Promise<T>, detail: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', detail);
    throw error;
  }
}

const TABLES = {
  org_unit: ['org_units', 'Org unit'],
  group: ['groups', 'Group'],
  contact: ['contacts', 'Contact'],
  label: ['labels', 'Label'],
  application: ['applications', 'Application'],
} as const;
export type OrgThing = keyof typeof TABLES;

/** The row of a company's org unit / group / … (locked FOR UPDATE when `lock`), or 404. */
export async function requireThing<T = Record<string, unknown>>(
  manager: EntityManager,
  thing: OrgThing,
  companyId: string,
  id: string,
  lock = false,
): Promise<T> {
  const [table, label] = TABLES[thing];
  const rows: T[] = await manager.query(
    `SELECT * FROM ${table} WHERE id = $1 AND company_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [id, companyId],
  );
  if (!rows[0]) throw notFound(label);
  return rows[0];
}

/** A user who is a member of the company (member ids in routes are user ids), or 404. */
export async function requireMember(
  manager: EntityManager,
  companyId: string,
  userId: string,
): Promise<void> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM memberships WHERE company_id = $1 AND user_id = $2`,
    [companyId, userId],
  );
  if (!rows.length) throw notFound('Member');
}

/** Checks that the target of a link exists in the company: a member, a contact or an application. */
export async function requireTarget(
  manager: EntityManager,
  companyId: string,
  kind: LinkKind,
  targetId: string,
): Promise<void> {
  if (kind === 'member' || kind === 'leader') return requireMember(manager, companyId, targetId);
  await requireThing(manager, kind, companyId, targetId);
}

/** Serialises structural changes (moves) of one company's trees, so two concurrent moves cannot make a cycle. */
export async function lockCompanyTree(
  manager: EntityManager,
  tree: string,
  companyId: string,
): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${tree}:${companyId}`]);
}

export function refuseKind(kind: LinkKind, allowed: readonly LinkKind[]): void {
  if (!allowed.includes(kind))
    throw new AppError('VALIDATION_FAILED', `kind: must be one of ${allowed.join(', ')}`, [
      { field: 'kind', message: `must be one of ${allowed.join(', ')}` },
    ]);
}

/** Runs a raw list query builder with the list grammar: `{ items, total, limit, skip }`. */
export async function pageOf<R extends ObjectLiteral, T>(
  qb: SelectQueryBuilder<R>,
  query: ListQuery,
  columns: ColumnMap,
  tiebreaker: string,
  map: (row: Record<string, unknown>) => T,
): Promise<Page<T>> {
  applyListQuery(qb, query, columns, tiebreaker);
  const [sql, params] = qb.clone().offset(undefined).limit(undefined).orderBy().getQueryAndParameters();
  const [rows, counted] = await Promise.all([
    qb.getRawMany<Record<string, unknown>>(),
    qb.connection.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${sql}) counted`, params),
  ]);
  const total = counted[0].n;
  return { items: rows.map(map), total, limit: query.limit, skip: query.skip };
}

/** Columns of a linked-item page (`li` is the select alias of each kind's query). */
export const LINK_COLUMNS: ColumnMap = { name: 'name', email: 'email', linkedAt: 'linked_at' };

/**
 * A query for the things linked to `ownerId` in a link table: members (with their profile), contacts or
 * applications. One SQL statement per page; names come from a join, never one query per row.
 */
export function linkedItemsQuery(
  manager: EntityManager,
  kind: LinkKind,
  link: { table: string; ownerColumn: string; targetColumn: string; extra?: string },
  ownerId: string,
): SelectQueryBuilder<ObjectLiteral> {
  const inner =
    kind === 'member' || kind === 'leader'
      ? `SELECT l.${link.targetColumn} AS id, coalesce(p.display_name, p.email, l.${link.targetColumn}::text) AS name,
            p.email AS email, l.created_at AS linked_at
         FROM ${link.table} l LEFT JOIN profiles p ON p.user_id = l.${link.targetColumn}
         WHERE l.${link.ownerColumn} = :ownerId ${link.extra ?? ''}`
      : kind === 'contact'
        ? `SELECT c.id, trim(c.first_name || ' ' || c.last_name) AS name, c.email, l.created_at AS linked_at
           FROM ${link.table} l JOIN contacts c ON c.id = l.${link.targetColumn}
           WHERE l.${link.ownerColumn} = :ownerId ${link.extra ?? ''}`
        : `SELECT a.id, a.name, NULL::text AS email, l.created_at AS linked_at
           FROM ${link.table} l JOIN applications a ON a.id = l.${link.targetColumn}
           WHERE l.${link.ownerColumn} = :ownerId ${link.extra ?? ''}`;
  return manager.createQueryBuilder().select('li.*').from(`(${inner})`, 'li').setParameters({ ownerId });
}

export function toLinkedItem(kind: LinkKind) {
  return (row: Record<string, unknown>): LinkedItem => ({
    id: row.id as string,
    kind,
    name: row.name as string,
    email: (row.email as string | null) ?? null,
    linkedAt: new Date(row.linked_at as string).toISOString(),
  });
}

/** Inserts a link row; an existing link is a 409. */
export async function insertLink(
  manager: EntityManager,
  sql: string,
  params: unknown[],
  detail: string,
): Promise<void> {
  const rows: unknown[] = await manager.query(`${sql} ON CONFLICT DO NOTHING RETURNING 1`, params);
  if (!rows.length) throw new AppError('CONFLICT', detail);
}

/** Deletes a link row; a missing link is a 404. */
export async function deleteLink(manager: EntityManager, sql: string, params: unknown[], what: string) {
  const count = await affected(manager, sql, params);
  if (!count) throw notFound(what);
}

/** Rows changed by an UPDATE or DELETE (TypeORM answers those with `[rows, count]`). */
export async function affected(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await manager.query<[unknown[], number]>(sql, params);
  return result[1];
}

export const iso = (value: unknown) => new Date(value as string).toISOString();

/** The one linked item just made, read inside the transaction that made it. */
export async function linkedItem(
  manager: EntityManager,
  kind: LinkKind,
  link: { table: string; ownerColumn: string; targetColumn: string; extra?: string },
  ownerId: string,
  targetId: string,
): Promise<LinkedItem> {
  const row = await linkedItemsQuery(manager, kind, link, ownerId)
    .andWhere('li.id = :targetId', { targetId })
    .getRawOne<Record<string, unknown>>();
  if (!row) throw notFound('Link');
  return toLinkedItem(kind)(row);
}
