import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ServiceConfig } from '@roster/config';
import { CommitNotifier } from './commit-listeners';
import { ensureDatabase } from './ensure-database';
import { runMigrations } from './run-migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptions {
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

/** Options shared by the running service and the TypeORM CLI (`data-source.ts`). */
export function postgresOptions(
  url: string,
  options: DatabaseOptions,
  poolMax = 10,
  /** How long a query waits for a pool connection (or a new connection) before failing (503). */
  connectTimeoutMs = 3000,
): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    entities: options.entities,
    migrations: options.migrations,
    namingStrategy: new SnakeNamingStrategy(),
    subscribers: [CommitNotifier],
    synchronize: false,
    migrationsRun: false,
    poolSize: poolMax,
    extra: { connectionTimeoutMillis: connectTimeoutMs, idleTimeoutMillis: 30_000 },
  };
}

/** The pool wait for a given request deadline: a second less, at least one second. */
export function poolWaitMs(rpcTimeoutMs: number): number {
  return Math.max(1000, rpcTimeoutMs - 1000);
}

/** The context's own database: created if allowed and missing, migrated under a lock, then connected. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [ServiceConfig],
          useFactory: async (config: ServiceConfig) => {
            if (config.DATABASE_CREATE) await ensureDatabase(config.DATABASE_URL);
            // A request may wait for a pool connection until a second before its caller gives up (504):
            // under a burst, a shorter wait refused requests that could still be answered in time.
            const dataSourceOptions = postgresOptions(
              config.DATABASE_URL,
              options,
              config.DATABASE_POOL_MAX,
              poolWaitMs(config.RPC_TIMEOUT_MS),
            );
            const applied = await runMigrations(dataSourceOptions);
            if (applied.length) new Logger('DatabaseModule').log(`Applied migrations: ${applied.join(', ')}`);
            return { ...dataSourceOptions, retryAttempts: 20, retryDelay: 500 };
          },
        }),
      ],
    };
  }
}
