import { DataSource, EntityManager } from 'typeorm';
import { notifyCommit } from './commit-listeners';

interface PgQueryable {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * A statement as a named prepared statement: Postgres parses and plans it once per connection instead of
 * on every call (TypeORM sends unnamed statements, parsed and planned each time), and no query builder
 * runs in Node. For the hottest statements only (bench B1, B4, B6): `name` must be unique per `text`
 * across the app. With a DataSource it runs on the pool outside any transaction (autocommit); with an
 * EntityManager of a transaction, on that transaction's connection. Errors are pg's own (not wrapped in
 * TypeORM's QueryFailedError), so use it where no caller maps constraint violations. A write run outside
 * a transaction commits on its own, so it tells the commit listeners (`onCommit`) as a transaction does.
 */
export async function preparedQuery<R>(
  runner: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const target = await connectionOf(runner);
  const rows = target
    ? (await target.query<R>({ name, text, values })).rows
    : await runner.query<R[]>(text, values); // not pg (never in the apps), or released: plain
  if (writes(name, text) && !inTransaction(runner)) notifyCommit();
  return rows;
}

const writing = new Map<string, boolean>();

/** Whether the statement changes rows (known once per name): it says INSERT, UPDATE, DELETE or MERGE. */
export function writes(name: string, text: string): boolean {
  let known = writing.get(name);
  if (known === undefined) {
    // A row lock (`FOR UPDATE`, `FOR NO KEY UPDATE`) is not a write.
    known = /\b(insert|update|delete|merge)\b/i.test(text.replace(/\bfor\s+(no\s+key\s+)?update\b/gi, ''));
    writing.set(name, known);
  }
  return known;
}

function inTransaction(runner: DataSource | EntityManager): boolean {
  return !(runner instanceof DataSource) && !!runner.queryRunner?.isTransactionActive;
}

async function connectionOf(runner: DataSource | EntityManager): Promise<PgQueryable | undefined> {
  const dataSource = runner instanceof DataSource ? runner : runner.connection;
  const queryRunner = runner instanceof DataSource ? undefined : runner.queryRunner;
  // No runner of its own (a DataSource, or a manager outside a transaction): the pool.
  if (!queryRunner) return (dataSource.driver as unknown as { master?: PgQueryable }).master;
  // Not pg, or a runner already released (its connection went back to the pool): the plain query, which
  // fails the way TypeORM does for a released runner.
  if (dataSource.driver.options.type !== 'postgres' || queryRunner.isReleased) return undefined;
  // A transaction's runner holds its connection already; connect() takes one for a runner that does not.
  const held = (queryRunner as unknown as { databaseConnection?: PgQueryable }).databaseConnection;
  return held ?? ((await queryRunner.connect()) as PgQueryable);
}
