import { DataSource } from 'typeorm';

interface PgPool {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * A read outside any transaction as a named prepared statement on the pool's connection: Postgres parses
 * and plans it once per connection instead of on every call (TypeORM sends unnamed statements). For the
 * hottest reads only (the member GET of bench B1): `name` must be unique per `text` across the app.
 */
export async function preparedQuery<R>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) return dataSource.query<R[]>(text, values); // not a pg pool (never in the apps): plain query
  return (await pool.query<R>({ name, text, values })).rows;
}
