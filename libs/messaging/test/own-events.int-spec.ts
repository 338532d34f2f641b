import { Injectable } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, JSONCodec, NatsConnection } from 'nats';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { CompanyCreated, CompanyCreatedData, EventEnvelope } from '@roster/contracts';
import { eventually, newRunId } from '@roster/testing';
import {
  durableName,
  OnEvent,
  OnEventPattern,
  OutboxService,
  patternDurableName,
  prefixed,
  streamFor,
  StreamsService,
} from '../src';
import { MessagingTestBed, openMessagingTestBed } from './messaging-test-bed';

class CreateSeenTable1700000000001 implements MigrationInterface {
  name = 'CreateSeenTable1700000000001';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE seen (handler text NOT NULL, event_id uuid NOT NULL, created_at text)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE seen`);
  }
}

/** In-transaction handlers of the service's own events: one row per event each saw. */
@Injectable()
class Projection {
  @OnEventPattern('directory.events.>', { inTransaction: true })
  async everything(event: EventEnvelope, manager: EntityManager) {
    await manager.query(`INSERT INTO seen (handler, event_id) VALUES ('all', $1)`, [event.eventId]);
  }

  @OnEvent(CompanyCreated, { consumer: 'link', inTransaction: true })
  async companies(event: EventEnvelope<CompanyCreatedData>, manager: EntityManager) {
    // The envelope as a consumer sees it: JSON, so a date is a string here.
    await manager.query(`INSERT INTO seen (handler, event_id, created_at) VALUES ('company', $1, $2)`, [
      event.eventId,
      typeof event.data.createdAt,
    ]);
  }
}

describe('in-transaction handlers of own events (real Postgres and NATS)', () => {
  const runId = newRunId('o');
  const codec = JSONCodec();
  let app: TestingModule;
  let dataSource: DataSource;
  let outbox: OutboxService;
  let nc: NatsConnection;
  let bed: MessagingTestBed;
  const formerHost = patternDurableName('directory', { owner: 'directory', subject: 'directory.events.>' });
  const formerOwn = durableName('directory', CompanyCreated, 'link');

  const start = async () => {
    app = await bed.compile([Projection]);
    await app.init();
    dataSource = app.get(DataSource);
    outbox = app.get(OutboxService);
  };
  const seen = async (handler: string, eventId: string) =>
    dataSource.query<Array<{ created_at: string | null }>>(
      `SELECT created_at FROM seen WHERE handler = $1 AND event_id = $2`,
      [handler, eventId],
    );
  const companyData = (): CompanyCreatedData => ({
    companyId: randomUUID(),
    name: 'Co',
    ownerUserId: randomUUID(),
    createdAt: new Date() as unknown as string, // a Date, as a service might pass it
  });
  const consumerNames = () => bed.consumerNames();
  const meta = { tenantId: randomUUID(), actor: { type: 'service' as const, id: 'test' } };

  beforeAll(async () => {
    bed = await openMessagingTestBed(runId, 'own', [CreateSeenTable1700000000001]);
    nc = bed.nc;
    await start();
    await app.get(StreamsService).ensure('directory');
  });

  afterAll(async () => {
    await app?.close();
    await bed?.close();
  }, 30_000);

  it('runs them in the transaction that records the event: there at commit, gone with a rollback', async () => {
    const committed = await dataSource.transaction((m) => outbox.add(m, CompanyCreated, companyData(), meta));
    // No waiting: the rows committed with the event.
    expect(await seen('all', committed.eventId)).toHaveLength(1);
    expect(await seen('company', committed.eventId)).toEqual([{ created_at: 'string' }]);

    let rolledBack: EventEnvelope | undefined;
    await expect(
      dataSource.transaction(async (m) => {
        rolledBack = await outbox.add(m, CompanyCreated, companyData(), meta);
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await seen('all', rolledBack!.eventId)).toHaveLength(0);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE id = $1`, [
      rolledBack!.eventId,
    ]);
    expect(n).toBe(0);
  });

  it('gives them no durable consumer, and still publishes the event for other services', async () => {
    const event = await dataSource.transaction((m) => outbox.add(m, CompanyCreated, companyData(), meta));
    const jsm = await nc.jetstreamManager();
    const stored = await eventually(() =>
      jsm.streams
        .getMessage(streamFor('directory').name, { last_by_subj: prefixed(CompanyCreated.subject) })
        .then(
          (m) => (m.json<EventEnvelope>().eventId === event.eventId ? m : null),
          () => null,
        ),
    );
    expect(stored).toBeTruthy();
    expect(await consumerNames()).toEqual([]);
  });

  it('drains the durables they had in an earlier version, then deletes them: nothing those held is lost', async () => {
    await app.close();
    const jsm = await nc.jetstreamManager();
    for (const [durable, subject] of [
      [formerHost, 'directory.events.>'],
      [formerOwn, CompanyCreated.subject],
    ])
      await jsm.consumers.add(streamFor('directory').name, {
        durable_name: durable,
        filter_subject: prefixed(subject),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
      });
    // Published by the earlier version (no in-transaction handlers then), held by its durables.
    const held = { ...companyData(), createdAt: new Date().toISOString() };
    const envelope: EventEnvelope<CompanyCreatedData> = {
      eventId: randomUUID(),
      type: CompanyCreated.subject,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId: held.companyId,
      actor: { type: 'service', id: 'test' },
      correlationId: null,
      causationId: null,
      data: held,
    };
    await nc
      .jetstream()
      .publish(prefixed(CompanyCreated.subject), codec.encode(envelope), { msgID: envelope.eventId });
    await start();
    await eventually(async () => (await seen('company', envelope.eventId)).length === 1, {
      timeoutMs: 15_000,
    });
    await eventually(async () => (await seen('all', envelope.eventId)).length === 1, { timeoutMs: 15_000 });
    await eventually(async () => (await consumerNames()).length === 0, { timeoutMs: 15_000 });
  }, 60_000);
});
