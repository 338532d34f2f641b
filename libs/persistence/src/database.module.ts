import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ServiceConfig } from '@roster/config';
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
): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    entities: options.entities,
    migrations: options.migrations,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    poolSize: poolMax,
    extra: { connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 },
  };
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
            const dataSourceOptions = postgresOptions(config.DATABASE_URL, options, config.DATABASE_POOL_MAX);
            const applied = await runMigrations(dataSourceOptions);
            if (applied.length) new Logger('DatabaseModule').log(`Applied migrations: ${applied.join(', ')}`);
            return { ...dataSourceOptions, retryAttempts: 20, retryDelay: 500 };
          },
        }),
      ],
    };
  }
}
