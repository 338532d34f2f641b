import { DataSource, EntityManager } from 'typeorm';

interface PgQueryable {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * A statement as a named prepared statement: Postgres parses and plans it once per connection instead of
 * on every call (TypeORM sends unnamed statements, parsed and planned each time), and no query builder
 * runs in Node. For the hottest statements only (bench B1, B4, B6): `name` must be unique per `text`
 * across the app. With a DataSource it runs on the pool outside any transaction (autocommit); with an
 * EntityManager of a transaction, on that transaction's connection. Errors are pg's own (not wrapped in
 * TypeORM's QueryFailedError), so use it where no caller maps constraint violations.
 */
export async function preparedQuery<R>(
  runner: DataSource | EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const target = await connectionOf(runner);
  if (!target) return runner.query<R[]>(text, values); // not pg (never in the apps): a plain query
  return (await target.query<R>({ name, text, values })).rows;
}

async function connectionOf(runner: DataSource | EntityManager): Promise<PgQueryable | undefined> {
  if (runner instanceof DataSource) return (runner.driver as unknown as { master?: PgQueryable }).master;
  const queryRunner = runner.queryRunner;
  // A manager outside a transaction has no runner of its own: the pool, as for a DataSource.
  if (!queryRunner) return (runner.connection.driver as unknown as { master?: PgQueryable }).master;
  if (runner.connection.driver.options.type !== 'postgres') return undefined;
  return (await queryRunner.connect()) as PgQueryable;
}
