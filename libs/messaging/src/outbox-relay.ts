import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { headers as natsHeaders, JSONCodec } from 'nats';
import { onScrape, outboxBacklog, outboxOldestAge } from '@roster/observability';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { NatsConnectionService } from './nats-connection.service';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { StreamsService } from './streams.service';
import { prefixed } from './subjects';

const BATCH = 200;
const IDLE_POLL_MS = 500;
const ERROR_BACKOFF_MS = 1000;
const codec = JSONCodec<EventEnvelope>();

/** Set on a transaction's query runner by OutboxService so its commit wakes the relay at once. */
export const OUTBOX_DIRTY = 'rosterOutboxDirty';

interface OutboxRow {
  id: string;
  subject: string;
  envelope: EventEnvelope;
  traceparent: string | null;
}

/**
 * Publishes committed outbox rows to JetStream in order, with the event id as `Nats-Msg-Id`, then marks
 * them sent. Replicas share the work through `FOR UPDATE SKIP LOCKED`. It wakes on every commit that
 * wrote an event and otherwise polls, so rows left by a crash are published after restart.
 */
@Injectable()
export class OutboxRelay
  implements OnApplicationBootstrap, BeforeApplicationShutdown, EntitySubscriberInterface
{
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loopDone?: Promise<void>;
  private wake?: () => void;
  private kicked = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionService,
    private readonly streams: StreamsService,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.dataSource.subscribers.push(this);
    this.stopMetrics = onScrape(() => this.refreshMetrics());
  }

  private readonly stopMetrics: () => void;

  private async refreshMetrics(): Promise<void> {
    const [row] = await this.dataSource.query<Array<{ n: string; age: number | null }>>(
      `SELECT count(*) AS n, EXTRACT(EPOCH FROM now() - min(created_at)) AS age FROM outbox WHERE sent_at IS NULL`,
    );
    outboxBacklog.set(Number(row.n));
    outboxOldestAge.set(Number(row.age ?? 0));
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.data?.[OUTBOX_DIRTY]) {
      event.queryRunner.data[OUTBOX_DIRTY] = false;
      this.kick();
    }
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  onApplicationBootstrap(): void {
    if (!this.options.context || this.options.context === 'gateway') return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Before pools close: stop the loop, then publish what was committed meanwhile (if NATS is there). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopMetrics();
    this.running = false;
    this.wake?.();
    await this.loopDone;
    // Flush what was committed during shutdown, if NATS is still there.
    if (this.nats.isUp) await this.drainOnce().catch(() => 0);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        await this.streams.ensure(this.options.context as Exclude<MessagingOptions['context'], 'gateway'>);
        published = await this.drainOnce();
      } catch (error) {
        this.logger.warn(`Outbox relay: ${String(error)}`);
        await this.sleep(ERROR_BACKOFF_MS);
        continue;
      }
      if (published < BATCH) await this.sleep(IDLE_POLL_MS);
    }
  }

  /**
   * Publishes one batch; returns how many rows were published. Rows that could not be published stay
   * unsent with their attempt count and error recorded, committed with the marks of those that were; then
   * this throws, so the loop backs off before trying them again.
   */
  async drainOnce(): Promise<number> {
    if (!this.nats.isUp) return 0;
    const outcome = await this.dataSource.transaction(async (manager) => {
      // Take and mark in one statement: the rows stay locked (replicas skip them) until this transaction
      // ends, and the marks commit only with the publications' outcome below. Not a prepared statement: a
      // connection caches the plan it made after a few runs, and a relay makes those on a small outbox (at
      // start-up, between bursts), where scanning the whole table and sorting beats the unsent-rows index.
      // Until autoanalyze refreshed the table's statistics, that plan read every row on every take: a
      // sudden 10,000-event backlog took 0.2-0.3 s per batch of 200 (bench B7), just when a backlog should
      // drain fast. Planned each time, the take reads the index; the planning did not show in B6's CPU per
      // member addition (one take per commit there).
      const [rows] = await manager.query<[Array<OutboxRow & { seq: string }>, number]>(
        `WITH taken AS (
           SELECT id FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
         UPDATE outbox o SET sent_at = now() FROM taken WHERE o.id = taken.id
         RETURNING o.id, o.seq, o.subject, o.envelope, o.traceparent`,
        [BATCH],
      );
      if (rows.length === 0) return { published: 0 };
      rows.sort((a, b) => Number(a.seq) - Number(b.seq)); // RETURNING does not keep the CTE's order
      const js = await this.nats.jetstream();
      // Publish in order on one connection; await the acks together.
      const results = await Promise.allSettled(
        rows.map((row) => {
          const headers = natsHeaders();
          if (row.traceparent) headers.set('traceparent', row.traceparent);
          return js.publish(prefixed(row.subject), codec.encode(row.envelope), {
            msgID: row.id,
            timeout: 5000,
            headers,
          });
        }),
      );
      const failed = rows.filter((_, i) => results[i].status === 'rejected').map((r) => r.id);
      if (failed.length === 0) return { published: rows.length };
      const reason = String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason);
      await manager.query(
        `UPDATE outbox SET sent_at = NULL, attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`,
        [failed, reason.slice(0, 500)],
      );
      return {
        published: rows.length - failed.length,
        failure: `${failed.length} of ${rows.length} events not published: ${reason}`,
      };
    });
    if (outcome.failure) throw new Error(outcome.failure);
    return outcome.published;
  }

  private sleep(ms: number): Promise<void> {
    if (this.kicked) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.kicked = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
