import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/** Any fixed number: serializes migrations of replicas that start together against one database. */
const MIGRATION_LOCK = 7_413_027;

/** Runs pending migrations under a Postgres advisory lock; returns the names it applied. */
export async function runMigrations(options: PostgresConnectionOptions): Promise<string[]> {
  // Two connections: one holds the advisory lock while TypeORM runs the migrations on the other.
  const dataSource = new DataSource({ ...options, migrationsRun: false, synchronize: false, poolSize: 2 });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
