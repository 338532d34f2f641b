import { Injectable } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { headers, JSONCodec, NatsConnection } from 'nats';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { CompanyCreated, CompanyCreatedData, EventEnvelope } from '@roster/contracts';
import { eventually, newRunId } from '@roster/testing';
import { OnEvent, OutboxService, deadLetterStream, prefixed, streamFor } from '../src';
import { MessagingTestBed, openMessagingTestBed } from './messaging-test-bed';

class CreateHandledTable1700000000000 implements MigrationInterface {
  name = 'CreateHandledTable1700000000000';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE handled (event_id uuid NOT NULL, company_id uuid NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE handled`);
  }
}

/** The side effect under test: one row per handled event. Fails on demand to exercise redelivery. */
@Injectable()
class CompanyCreatedRecorder {
  failuresLeft = new Map<string, number>();
  calls = 0;
  /** The transaction each event was applied in, by company id (the batching test reads it). */
  transactionOf = new Map<string, string>();

  @OnEvent(CompanyCreated)
  async handle(event: EventEnvelope<CompanyCreatedData>, manager: EntityManager) {
    this.calls++;
    const [{ tx }] = await manager.query(`SELECT txid_current()::text AS tx`);
    this.transactionOf.set(event.data.companyId, tx);
    await manager.query(`INSERT INTO handled (event_id, company_id) VALUES ($1, $2)`, [
      event.eventId,
      event.data.companyId,
    ]);
    const left = this.failuresLeft.get(event.data.companyId) ?? 0;
    if (left > 0) {
      this.failuresLeft.set(event.data.companyId, left - 1);
      throw new Error('transient failure');
    }
  }
}

describe('outbox relay and durable consumers (real Postgres and NATS)', () => {
  const runId = newRunId('m');
  let bed: MessagingTestBed;
  let app: TestingModule;
  let dataSource: DataSource;
  let recorder: CompanyCreatedRecorder;
  let nc: NatsConnection;
  const codec = JSONCodec();

  const handledCount = async (companyId: string) =>
    Number(
      (await dataSource.query(`SELECT count(*) AS n FROM handled WHERE company_id = $1`, [companyId]))[0].n,
    );

  const envelopeFor = (companyId: string): EventEnvelope<CompanyCreatedData> => ({
    eventId: randomUUID(),
    type: CompanyCreated.subject,
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: companyId,
    actor: { type: 'service', id: 'test' },
    correlationId: null,
    causationId: null,
    data: { companyId, name: 'Test Co', ownerUserId: randomUUID(), createdAt: new Date().toISOString() },
  });

  const addViaOutbox = (companyId: string) =>
    dataSource.transaction((m) =>
      app.get(OutboxService).add(m, CompanyCreated, envelopeFor(companyId).data, {
        tenantId: companyId,
        actor: { type: 'service', id: 'test' },
      }),
    );

  beforeAll(async () => {
    bed = await openMessagingTestBed(runId, 'messaging', [CreateHandledTable1700000000000]);
    nc = bed.nc;
    app = await bed.compile([CompanyCreatedRecorder]);
    await app.init(); // runs the relay and the consumers, as in a service
    dataSource = app.get(DataSource);
    recorder = app.get(CompanyCreatedRecorder);
  });

  afterAll(async () => {
    await app?.close();
    await bed?.close();
  });

  it('publishes an event committed with its change, and the consumer handles it once', async () => {
    const companyId = randomUUID();
    const envelope = await addViaOutbox(companyId);
    await eventually(async () => (await handledCount(companyId)) === 1);
    const [row] = await dataSource.query(`SELECT sent_at FROM outbox WHERE id = $1`, [envelope.eventId]);
    expect(row.sent_at).not.toBeNull();
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const companyId = randomUUID();
    await expect(
      dataSource.transaction(async (m) => {
        await app.get(OutboxService).add(m, CompanyCreated, envelopeFor(companyId).data, {
          tenantId: companyId,
          actor: { type: 'service', id: 't' },
        });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    // A later event proves the consumer is running and has passed where the first would have been.
    const later = randomUUID();
    await addViaOutbox(later);
    await eventually(async () => (await handledCount(later)) === 1);
    expect(await handledCount(companyId)).toBe(0);
    const [{ n }] = await dataSource.query(
      `SELECT count(*) AS n FROM outbox WHERE envelope->'data'->>'companyId' = $1`,
      [companyId],
    );
    expect(Number(n)).toBe(0);
  });

  it('records a failed publication on its row and still marks the rest of its batch sent', async () => {
    const companyId = randomUUID();
    const strayId = randomUUID();
    // One transaction, so one batch: a row whose subject no stream captures (JetStream refuses it), then
    // a good event.
    const good = await dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, 'nowhere.events.lost', $2)`, [
        strayId,
        JSON.stringify({ ...envelopeFor(companyId), eventId: strayId, type: 'nowhere.events.lost' }),
      ]);
      return app.get(OutboxService).add(m, CompanyCreated, envelopeFor(companyId).data, {
        tenantId: companyId,
        actor: { type: 'service', id: 'test' },
      });
    });
    const strayRow = async () =>
      (
        await dataSource.query(`SELECT sent_at, attempts, last_error FROM outbox WHERE id = $1`, [strayId])
      )[0] as { sent_at: Date | null; attempts: number; last_error: string | null };
    try {
      await eventually(async () => (await handledCount(companyId)) === 1);
      await eventually(async () => (await strayRow()).attempts >= 1);
      const stray = await strayRow();
      expect(stray.sent_at).toBeNull();
      expect(stray.last_error).toMatch(/\S/);
      const [sent] = await dataSource.query(`SELECT sent_at FROM outbox WHERE id = $1`, [good.eventId]);
      expect(sent.sent_at).not.toBeNull();
    } finally {
      await dataSource.query(`DELETE FROM outbox WHERE id = $1`, [strayId]); // or the relay retries it forever
    }
  });

  it('lets JetStream drop a re-publish with the same Nats-Msg-Id', async () => {
    const envelope = envelopeFor(randomUUID());
    const js = nc.jetstream();
    const first = await js.publish(prefixed(CompanyCreated.subject), codec.encode(envelope), {
      msgID: envelope.eventId,
    });
    const second = await js.publish(prefixed(CompanyCreated.subject), codec.encode(envelope), {
      msgID: envelope.eventId,
    });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
  });

  it('applies an event redelivered after the de-duplication window exactly once', async () => {
    const companyId = randomUUID();
    const envelope = envelopeFor(companyId);
    const js = nc.jetstream();
    // Different message ids: JetStream keeps both, as after its window; the consumer must not apply twice.
    await js.publish(prefixed(CompanyCreated.subject), codec.encode(envelope), {
      msgID: `${envelope.eventId}-a`,
    });
    await js.publish(prefixed(CompanyCreated.subject), codec.encode(envelope), {
      msgID: `${envelope.eventId}-b`,
    });
    const marker = randomUUID();
    await addViaOutbox(marker);
    await eventually(async () => (await handledCount(marker)) === 1);
    expect(await handledCount(companyId)).toBe(1);
  });

  it('retries a failing handler until it succeeds, keeping its effect once', async () => {
    const companyId = randomUUID();
    recorder.failuresLeft.set(companyId, 2);
    await addViaOutbox(companyId);
    await eventually(async () => (await handledCount(companyId)) === 1, { timeoutMs: 15_000 });
    expect(recorder.failuresLeft.get(companyId)).toBe(0);
  });

  it('sets a malformed event aside and keeps consuming the ones behind it', async () => {
    const js = nc.jetstream();
    const h = headers();
    await js.publish(prefixed(CompanyCreated.subject), new TextEncoder().encode('{not json'), {
      msgID: randomUUID(),
      headers: h,
    });
    await js.publish(
      prefixed(CompanyCreated.subject),
      codec.encode({ ...envelopeFor(randomUUID()), data: { companyId: 'nope' } }),
      { msgID: randomUUID() },
    );
    const after = randomUUID();
    await addViaOutbox(after);
    await eventually(async () => (await handledCount(after)) === 1);
    const info = await (
      await nc.jetstreamManager()
    ).consumers.info(streamFor('directory').name, `directory--${CompanyCreated.subject.replace(/\./g, '_')}`);
    expect(info.num_ack_pending).toBe(0);
  });

  it('applies a backlog in batches, each event once, and a failing event alone without holding up the others', async () => {
    const js = nc.jetstream();
    const companies = Array.from({ length: 40 }, () => randomUUID());
    const envelopes = companies.map(envelopeFor);
    recorder.failuresLeft.set(companies[20], 1);
    // A burst, with one event published twice under different message ids (kept by JetStream).
    const burst = [...envelopes, envelopes[5]];
    await Promise.all(
      burst.map((envelope, i) =>
        js.publish(prefixed(CompanyCreated.subject), codec.encode(envelope), {
          msgID: `${envelope.eventId}-${i}`,
        }),
      ),
    );
    await eventually(
      async () => {
        const [{ n }] = await dataSource.query(
          `SELECT count(DISTINCT company_id) AS n FROM handled WHERE company_id = ANY($1)`,
          [companies],
        );
        return Number(n) === companies.length;
      },
      { timeoutMs: 15_000 },
    );
    const counts: { company_id: string; n: string }[] = await dataSource.query(
      `SELECT company_id, count(*) AS n FROM handled WHERE company_id = ANY($1) GROUP BY company_id`,
      [companies],
    );
    expect(counts.filter((c) => Number(c.n) !== 1)).toEqual([]);
    const [{ n: ledger }] = await dataSource.query(
      `SELECT count(*) AS n FROM processed_events WHERE event_id = ANY($1)`,
      [envelopes.map((e) => e.eventId)],
    );
    expect(Number(ledger)).toBe(companies.length);
    expect(recorder.failuresLeft.get(companies[20])).toBe(0);
    // Batched: some transaction applied several events.
    const perTransaction = new Map<string, number>();
    for (const company of companies) {
      const tx = recorder.transactionOf.get(company)!;
      perTransaction.set(tx, (perTransaction.get(tx) ?? 0) + 1);
    }
    expect(Math.max(...perTransaction.values())).toBeGreaterThan(1);
  }, 20_000);

  it('dead-letters an event whose handler keeps failing after EVENT_MAX_ATTEMPTS deliveries, with the reason', async () => {
    process.env.EVENT_MAX_ATTEMPTS = '2';
    try {
      const companyId = randomUUID();
      recorder.failuresLeft.set(companyId, 100);
      const envelope = await addViaOutbox(companyId);
      const jsm = await nc.jetstreamManager();
      const dead = await eventually(
        async () => {
          const info = await jsm.streams.info(deadLetterStream());
          for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
            const msg = await jsm.streams.getMessage(deadLetterStream(), { seq }).catch(() => null);
            // (The earlier poison events are in there too, one of them not JSON.)
            if (msg && new TextDecoder().decode(msg.data).includes(envelope.eventId)) return msg;
          }
          return null;
        },
        { timeoutMs: 15_000 },
      );
      expect(dead.header.get('Roster-Dead-Letter-Reason')).toMatch(
        /handler failed 2 times: Error: transient failure/,
      );
      expect(dead.header.get('Roster-Deliveries')).toBe('2');
      // Given up: no further delivery, the failures left stay where two attempts left them, no effect kept.
      expect(recorder.failuresLeft.get(companyId)).toBe(98);
      expect(await handledCount(companyId)).toBe(0);
    } finally {
      delete process.env.EVENT_MAX_ATTEMPTS;
    }
  }, 20_000);
});
