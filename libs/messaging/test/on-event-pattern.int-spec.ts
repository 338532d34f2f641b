import { Injectable } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, JSONCodec, NatsConnection } from 'nats';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { CompanyCreated, CompanyCreatedData, EventEnvelope } from '@roster/contracts';
import { eventually, newRunId } from '@roster/testing';
import {
  deadLetterStream,
  deadLetterSubject,
  durableName,
  OnEvent,
  OnEventPattern,
  patternDurableName,
  prefixed,
  streamFor,
  StreamsService,
} from '../src';
import { MessagingTestBed, openMessagingTestBed } from './messaging-test-bed';

class CreateSeenTable1700000000001 implements MigrationInterface {
  name = 'CreateSeenTable1700000000001';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE seen (consumer text NOT NULL, event_id uuid NOT NULL, type text NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE seen`);
  }
}

/**
 * One row per event each handler saw (rolled back with its transaction); `failuresLeft` makes the
 * whole-stream handler fail on demand.
 */
@Injectable()
class Sink {
  failuresLeft = new Map<string, number>();

  private async record(consumer: string, event: EventEnvelope, manager: EntityManager) {
    await manager.query(`INSERT INTO seen (consumer, event_id, type) VALUES ($1, $2, $3)`, [
      consumer,
      event.eventId,
      event.type,
    ]);
  }

  @OnEventPattern('directory.events.>')
  async everything(event: EventEnvelope, manager: EntityManager) {
    await this.record('all', event, manager);
    const left = this.failuresLeft.get(event.eventId) ?? 0;
    if (left > 0) {
      this.failuresLeft.set(event.eventId, left - 1);
      throw new Error('transient failure');
    }
  }

  @OnEventPattern('directory.events.group.*')
  async groups(event: EventEnvelope, manager: EntityManager) {
    await this.record('groups', event, manager);
  }

  /** A plain contract consumer beside the patterns keeps working as before. */
  @OnEvent(CompanyCreated)
  async companies(event: EventEnvelope<CompanyCreatedData>, manager: EntityManager) {
    await this.record('company-contract', event, manager);
  }
}

describe('@OnEventPattern consumers (real Postgres and NATS)', () => {
  const runId = newRunId('p');
  const codec = JSONCodec();
  let app: TestingModule;
  let dataSource: DataSource;
  let sink: Sink;
  let nc: NatsConnection;
  let bed: MessagingTestBed;
  const host = patternDurableName('directory', { owner: 'directory', subject: 'directory.events.>' });
  const hosted = durableName('directory', CompanyCreated);

  const start = async () => {
    app = await bed.compile([Sink]);
    await app.init();
    dataSource = app.get(DataSource);
    sink = app.get(Sink);
  };
  const companyCreated = (data: Partial<CompanyCreatedData> = {}) =>
    envelope(CompanyCreated.subject, {
      companyId: randomUUID(),
      name: 'Co',
      ownerUserId: randomUUID(),
      createdAt: new Date().toISOString(),
      ...data,
    });
  const consumerNames = () => bed.consumerNames();

  const envelope = (type: string, data: unknown): EventEnvelope => ({
    eventId: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: randomUUID(),
    actor: { type: 'service', id: 'test' },
    correlationId: null,
    causationId: null,
    data,
  });
  const publish = async (event: unknown, subject: string, msgID: string = randomUUID()) =>
    nc.jetstream().publish(prefixed(subject), codec.encode(event), { msgID });
  const seen = async (consumer: string, eventId: string) =>
    Number(
      (
        await dataSource.query(`SELECT count(*) AS n FROM seen WHERE consumer = $1 AND event_id = $2`, [
          consumer,
          eventId,
        ])
      )[0].n,
    );

  beforeAll(async () => {
    bed = await openMessagingTestBed(runId, 'pattern', [CreateSeenTable1700000000001]);
    nc = bed.nc;
    await start();
    await app.get(StreamsService).ensure('directory');
  });

  afterAll(async () => {
    await app?.close();
    await bed?.close();
  }, 30_000);

  it('delivers every subject under the pattern, without validating data against a contract', async () => {
    const group = envelope('directory.events.group.created', { anything: 'goes' });
    const label = envelope('directory.events.label.created', { labelId: 'not-even-a-uuid' });
    await publish(group, group.type);
    await publish(label, label.type);
    await eventually(
      async () => (await seen('all', group.eventId)) === 1 && (await seen('all', label.eventId)) === 1,
    );
    // The narrower pattern sees only its subjects.
    await eventually(async () => (await seen('groups', group.eventId)) === 1);
    expect(await seen('groups', label.eventId)).toBe(0);
  });

  it('handles an event once even when it arrives twice, and keeps @OnEvent consumers intact', async () => {
    const event = companyCreated();
    await publish(event, event.type, `${event.eventId}-a`);
    await publish(event, event.type, `${event.eventId}-b`);
    const marker = envelope('directory.events.marker.sent', {});
    await publish(marker, marker.type);
    await eventually(async () => (await seen('all', marker.eventId)) === 1);
    await eventually(async () => (await seen('company-contract', event.eventId)) === 1);
    expect(await seen('all', event.eventId)).toBe(1);
  });

  it('sets an envelope without event id aside and retries a failing handler until it succeeds', async () => {
    await publish({ type: 'directory.events.group.created', data: {} }, 'directory.events.group.created');
    const flaky = envelope('directory.events.group.updated', {});
    sink.failuresLeft.set(flaky.eventId, 2);
    await publish(flaky, flaky.type);
    await eventually(async () => (await seen('all', flaky.eventId)) === 1, { timeoutMs: 15_000 });
    expect(sink.failuresLeft.get(flaky.eventId)).toBe(0);
  });

  it("hosts the stream's contract handler on the whole-stream consumer: one delivery, a ledger record per handler", async () => {
    const event = companyCreated();
    await publish(event, event.type);
    await eventually(async () => (await seen('company-contract', event.eventId)) === 1);
    await eventually(async () => (await seen('all', event.eventId)) === 1);
    const ledger = await dataSource.query(
      `SELECT consumer FROM processed_events WHERE event_id = $1 ORDER BY 1`,
      [event.eventId],
    );
    expect(ledger.map((row: { consumer: string }) => row.consumer)).toEqual([hosted, host].sort());
    // No durable of its own: the narrower pattern keeps one (it is not the whole stream).
    expect(await consumerNames()).toEqual(
      [
        host,
        patternDurableName('directory', { owner: 'directory', subject: 'directory.events.group.*' }),
      ].sort(),
    );
  });

  it('a failing handler gets the retries alone: the handler it shares the delivery with runs once', async () => {
    const event = companyCreated();
    sink.failuresLeft.set(event.eventId, 2);
    await publish(event, event.type);
    await eventually(async () => (await seen('all', event.eventId)) === 1, { timeoutMs: 15_000 });
    expect(sink.failuresLeft.get(event.eventId)).toBe(0);
    expect(await seen('company-contract', event.eventId)).toBe(1);
  });

  it("data breaking the contract is set aside for the contract's handler only; the whole-stream one takes it", async () => {
    const bad = companyCreated({ companyId: 'not-a-uuid' });
    const ack = await publish(bad, bad.type);
    await eventually(async () => (await seen('all', bad.eventId)) === 1);
    const jsm = await nc.jetstreamManager();
    const dead = await eventually(async () =>
      jsm.streams
        .getMessage(deadLetterStream(), { last_by_subj: deadLetterSubject(hosted) })
        .catch(() => null),
    );
    expect(dead.header.get('Roster-Original-Seq')).toBe(String(ack.seq));
    expect(dead.header.get('Roster-Consumer')).toBe(hosted);
    const hostLetters = await jsm.streams
      .getMessage(deadLetterStream(), { last_by_subj: deadLetterSubject(host) })
      .catch(() => null);
    expect(hostLetters?.header.get('Roster-Original-Seq')).not.toBe(String(ack.seq));
    expect(await seen('company-contract', bad.eventId)).toBe(0);
  });

  it("drains a hosted handler's former durable (from an earlier version) and deletes it: nothing it held is lost", async () => {
    // An earlier version: the contract handler had its own durable, and the whole-stream consumer, not
    // hosting it yet, went past an event the old durable still holds.
    await app.close();
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add(streamFor('directory').name, {
      durable_name: hosted,
      filter_subject: prefixed(CompanyCreated.subject),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
    });
    const held = companyCreated();
    await publish(held, held.type);
    const hostConsumer = await nc.jetstream().consumers.get(streamFor('directory').name, host);
    for (;;) {
      const msg = await hostConsumer.next({ expires: 5_000 });
      if (!msg) throw new Error('the whole-stream consumer never got the event');
      msg.ack();
      if (msg.json<EventEnvelope>().eventId === held.eventId) break;
    }
    await start();
    await eventually(async () => (await seen('company-contract', held.eventId)) === 1, { timeoutMs: 15_000 });
    await eventually(async () => !(await consumerNames()).includes(hosted), { timeoutMs: 15_000 });
    expect(await seen('all', held.eventId)).toBe(0); // the host had passed it, as in the earlier version
  }, 60_000);
});
