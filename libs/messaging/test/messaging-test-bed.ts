import { Provider } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { connect, NatsConnection } from 'nats';
import { MigrationInterface } from 'typeorm';
import { ConfigModule, loadConfig, ServiceConfig } from '@roster/config';
import { postgresOptions, runMigrations } from '@roster/persistence';
import { createTestDatabase, deleteStreams, dropDatabases } from '@roster/testing';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS, MessagingModule, streamFor } from '../src';

/** What the messaging integration specs share: a fresh database, a NATS prefix, and apps of `directory`. */
export interface MessagingTestBed {
  /** A client of its own, for publishing and inspecting streams. */
  nc: NatsConnection;
  /** A compiled (not yet initialised) app of the `directory` context with these providers. */
  compile(providers: Provider[]): Promise<TestingModule>;
  /** The durable consumers on directory's stream, sorted. */
  consumerNames(): Promise<string[]>;
  /** Closes the client, deletes the run's streams and databases. */
  close(): Promise<void>;
}

/** Opens the bed: `runId` names the NATS prefix and the databases (`roster_<runId>_<database>`). */
export async function openMessagingTestBed(
  runId: string,
  database: string,
  migrations: Array<new () => MigrationInterface>,
): Promise<MessagingTestBed> {
  process.env.NATS_PREFIX = runId;
  const url = await createTestDatabase(`roster_${runId}_${database}`);
  const options = postgresOptions(url, {
    entities: [...MESSAGING_ENTITIES],
    migrations: [...MESSAGING_MIGRATIONS, ...migrations],
  });
  await runMigrations(options);
  const config = loadConfig(ServiceConfig, { ...process.env, DATABASE_URL: url });
  const nc = await connect({ servers: process.env.NATS_URL });
  return {
    nc,
    compile: (providers) =>
      Test.createTestingModule({
        imports: [
          ConfigModule.forRoot([[ServiceConfig, config]]),
          TypeOrmModule.forRoot(options),
          MessagingModule.forRoot({ context: 'directory', events: true }),
        ],
        providers,
      }).compile(),
    consumerNames: async () => {
      const names: string[] = [];
      for await (const info of (await nc.jetstreamManager()).consumers.list(streamFor('directory').name))
        names.push(info.name);
      return names.sort();
    },
    close: async () => {
      await nc.close();
      await deleteStreams(runId);
      await dropDatabases(`roster_${runId}`);
      delete process.env.NATS_PREFIX;
    },
  };
}
