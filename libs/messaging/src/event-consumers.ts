import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AckPolicy, ConsumerMessages, DeliverPolicy, headers as natsHeaders, JsMsg, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@roster/persistence';
import { ContextName, EventContract, EventEnvelope, flattenValidationErrors } from '@roster/contracts';
import {
  consumerPending,
  consumerRedelivered,
  eventsHandled,
  extractTraceContext,
  inSpan,
  onScrape,
  runWithLogContext,
  SpanKind,
} from '@roster/observability';
import { NatsConnectionService } from './nats-connection.service';
import { EventHandlerFn } from './on-event.decorator';
import { EventHandlerRegistry, FoundHandler } from './event-handler-discovery';
import { StreamsService } from './streams.service';
import { deadLetterStream, deadLetterSubject, prefixed, streamFor, unprefixed } from './subjects';
import { faultDelayMs, slowEventMs } from './fault-injection';

/** How long the broker waits for an ack before redelivering (EVENT_ACK_WAIT_MS; in-progress acks extend it). */
export function ackWaitMs(): number {
  return Number(process.env.EVENT_ACK_WAIT_MS ?? 30_000);
}
/** Deliveries a handler that keeps failing gets before its event is set aside to the dead-letter stream. */
export function maxHandlerAttempts(): number {
  return Number(process.env.EVENT_MAX_ATTEMPTS ?? 10);
}
/** Messages pulled at once per consumer; all of them get in-progress acks until handled. */
const PREFETCH = 32;
/**
 * Events already received and waiting are applied together, up to this many, in one transaction (one
 * ledger insert, one commit): under load a consumer pays one round of BEGIN/COMMIT per batch, not per
 * event. Alone, an event goes on its own, as before. If the batch fails, each event is applied alone.
 */
const MAX_BATCH = 16;
/** How long one pull waits for messages before the next (an idle consumer re-pulls this often). */
const PULL_EXPIRES_MS = 5_000;
/** The broker's own limit: above our attempts, so the dead-letter path always runs first. */
const MAX_DELIVER = 50;

/** One handler: its ledger key (the durable it would have alone), what it takes, and the function. */
interface Part {
  key: string;
  /** Set for `@OnEvent`: only this subject, data validated against it. Absent for `@OnEventPattern`. */
  contract?: EventContract<unknown>;
  handler: EventHandlerFn;
}

/** A delivery with what each of its parts will see (a contract's parts see validated data). */
interface Decoded {
  msg: JsMsg;
  live: Array<{ part: Part; envelope: EventEnvelope }>;
}

/** One durable consumer and the handlers it feeds. */
interface Registration {
  /** The stream's owner and the (unprefixed) filter subject: a contract's subject or a pattern. */
  owner: ContextName;
  subject: string;
  durable: string;
  parts: Part[];
  /**
   * A durable a part had before it was hosted by its stream's whole-stream consumer (an upgrade): it is
   * only drained (the events it still holds, which the host may have passed before hosting the part) and
   * then deleted. The part's ledger key is the same on both, so an event the two share runs once.
   */
  drainOnly?: boolean;
}

/** Backoff for a failed handler: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function redeliveryDelayMs(redeliveryCount: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, redeliveryCount - 1));
}

/**
 * Finds every `@OnEvent` and `@OnEventPattern` handler and runs durable pull consumers for them with
 * explicit acks: one per handler, or one per stream where the service consumes the whole stream (see
 * `hostOnWholeStreams`). A replica of the same service binds to the same durables, so replicas share the
 * events.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly running = new Map<string, ConsumerMessages>();
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  /** Deliveries whose ack a fault test withholds (no in-progress acks for them either). */
  private readonly withheld = new WeakSet<JsMsg>();
  /** Former durables found drained (then deleted) or absent: the lag metric no longer asks about them. */
  private readonly gone = new Set<string>();

  constructor(
    private readonly handlers: EventHandlerRegistry,
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionService,
    private readonly streams: StreamsService,
  ) {}

  private stopMetrics?: () => void;

  onApplicationBootstrap(): void {
    const registrations = this.discover();
    for (const registration of registrations) this.loops.push(this.run(registration));
    if (registrations.length) this.stopMetrics = onScrape(() => this.refreshLag(registrations));
  }

  /** Consumer lag for the metrics: not yet delivered plus delivered but unacknowledged. */
  private async refreshLag(registrations: Registration[]): Promise<void> {
    if (!this.nats.isUp) return;
    const jsm = await this.nats.jetstreamManager();
    const live = registrations.filter(({ durable }) => !this.gone.has(durable));
    await Promise.all(
      live.map(async ({ owner, durable }) => {
        const info = await jsm.consumers.info(streamFor(owner).name, durable).catch(() => null);
        if (info) consumerPending.set({ consumer: durable }, info.num_pending + info.num_ack_pending);
      }),
    );
  }

  /** Before pools close: stop pulling, let the handler in progress commit and ack. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopMetrics?.();
    this.stopping = true;
    // Stop pulling; a handler in progress finishes and acks before its loop ends.
    for (const messages of this.running.values()) await messages.close().catch(() => undefined);
    await Promise.all(this.loops);
  }

  private discover(): Registration[] {
    const found = this.handlers.all;
    // Two handlers on one key would split its events between them (and share one ledger).
    const keys = found.map((r) => r.key);
    for (const key of new Set(keys.filter((d, i) => keys.indexOf(d) !== i))) {
      this.logger.error(
        `Several handlers share the durable consumer ${key}: each would see only some events. ` +
          'Name them with @OnEvent(contract, { consumer })',
      );
    }
    return consumersOf(found);
  }

  private async run(registration: Registration): Promise<void> {
    while (!this.stopping) {
      try {
        if (await this.consume(registration)) {
          this.gone.add(registration.durable); // a drained durable, deleted (or never there)
          return;
        }
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn(`Consumer ${registration.durable} stopped: ${String(error)}; restarting`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /**
   * For a `drainOnly` registration: true when its durable is gone or holds nothing more (then deleted),
   * so the caller stops; false while it still has events to hand out.
   */
  private async drained({ owner, durable }: Registration): Promise<boolean> {
    const jsm = await this.nats.jetstreamManager();
    const stream = streamFor(owner).name;
    const info = await jsm.consumers.info(stream, durable).catch((error: unknown) => {
      if (/consumer not found/i.test(String(error))) return null;
      throw error;
    });
    if (info && info.num_pending + info.num_ack_pending > 0) return false;
    if (info) {
      await jsm.consumers.delete(stream, durable).catch(() => undefined);
      this.logger.log(
        `Drained and deleted ${durable}: its handlers run on another consumer, or in their event's transaction`,
      );
    }
    return true;
  }

  /** Pulls and handles until shutdown; true when a `drainOnly` durable is done (deleted or absent). */
  private async consume(registration: Registration): Promise<boolean> {
    const { owner, subject, durable } = registration;
    await this.streams.ensure(owner);
    if (registration.drainOnly && (await this.drained(registration))) return true;
    const stream = streamFor(owner).name;
    const jsm = await this.nats.jetstreamManager();
    const config = {
      durable_name: durable,
      filter_subject: prefixed(subject),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ackWaitMs()),
      max_deliver: MAX_DELIVER,
    };
    // A durable being drained is read as it is (never created or reconfigured).
    if (!registration.drainOnly)
      await jsm.consumers.add(stream, config).catch(async (error: unknown) => {
        if (!/already (exists|in use)/.test(String(error))) throw error;
        // An existing durable takes the current ack wait and delivery limit.
        await jsm.consumers
          .update(stream, durable, { ack_wait: config.ack_wait, max_deliver: MAX_DELIVER })
          .catch(() => undefined);
      });
    const consumer = await (await this.nats.jetstream()).consumers.get(stream, durable);
    // One pull of up to PREFETCH messages at a time. Every message received, whether being handled or
    // waiting its turn, gets an in-progress ack every third of the ack wait, so a slow handler never
    // causes redeliveries of what it has not reached yet, and memory holds at most PREFETCH events.
    const received = new Set<JsMsg>();
    const heartbeat = setInterval(
      () => {
        for (const msg of received) if (!this.withheld.has(msg)) msg.working();
      },
      Math.max(100, Math.floor(ackWaitMs() / 3)),
    );
    try {
      while (!this.stopping) {
        const batch = await consumer.fetch({ max_messages: PREFETCH, expires: PULL_EXPIRES_MS });
        this.running.set(durable, batch);
        // One drain at a time, in order: it takes every message waiting when it gets its turn.
        const waiting: JsMsg[] = [];
        let draining = false;
        let drain = Promise.resolve();
        let failure: Error | undefined;
        const drainWaiting = async () => {
          try {
            while (waiting.length && failure === undefined) {
              const taken = waiting.splice(0, MAX_BATCH);
              try {
                if (this.stopping) {
                  for (const msg of taken) msg.nak(); // shutting down: leave them for another replica (or our restart)
                } else if (taken.length === 1) await this.handle(taken[0], registration);
                else await this.handleBatch(taken, registration);
              } finally {
                for (const msg of taken) received.delete(msg);
              }
            }
          } catch (error) {
            failure = error instanceof Error ? error : new Error(String(error)); // handled below: this pull ends and the consumer restarts (unhandled ones are nak'd)
          } finally {
            // A flag, not the promise: when shutting down the drain can end before it is even assigned.
            draining = false;
          }
        };
        for await (const msg of batch) {
          received.add(msg);
          waiting.push(msg);
          if (!draining) {
            draining = true;
            drain = drainWaiting();
          }
        }
        await drain;
        if (failure !== undefined) throw failure;
        this.running.delete(durable);
        if (registration.drainOnly && (await this.drained(registration))) return true;
      }
      return false;
    } finally {
      clearInterval(heartbeat);
      for (const msg of received) msg.nak();
    }
  }

  /** One delivery on its own (a retry, a malformed event, or nothing else waiting); decoded unless given. */
  private async handle(
    msg: JsMsg,
    registration: Registration,
    decoded?: Decoded & { poison: Part[] },
  ): Promise<void> {
    if (msg.info.redeliveryCount > 1) consumerRedelivered.inc({ consumer: registration.durable });
    decoded ??= await this.decode(msg, registration);
    if (await this.setAsidePoison(decoded)) await this.applyOne(decoded);
  }

  /**
   * Several received deliveries in one transaction: one ledger insert for all of them and their parts, then
   * each fresh part's handler; ack after the commit. Any failure rolls the whole batch back and each
   * delivery is then applied alone (so a failing event gets its own retries and dead-lettering, and the
   * others go through). The fault-injection hooks (`slow-event`, `hold-ack`) act here as in the one-by-one
   * path, so the fault tests exercise the batches production runs.
   */
  private async handleBatch(msgs: JsMsg[], registration: Registration): Promise<void> {
    // Consecutive fresh deliveries that are well formed for every part go together; a retry (its own
    // backoff and dead-letter count) or a malformed event goes alone, in its place: the order holds.
    let run: Decoded[] = [];
    for (const msg of msgs) {
      const decoded = msg.info.redeliveryCount > 1 ? null : await this.decode(msg, registration);
      if (decoded && decoded.poison.length === 0) {
        if (decoded.live.length) run.push(decoded);
        else msg.ack(); // none of this service's handlers takes this subject
        continue;
      }
      await this.applyRun(run);
      run = [];
      await this.handle(msg, registration, decoded ?? undefined);
    }
    await this.applyRun(run);
  }

  private async applyRun(run: Decoded[]): Promise<void> {
    if (run.length === 0) return;
    if (run.length === 1) return this.applyOne(run[0]);
    let applied: boolean[][];
    try {
      applied = await this.transact(run);
    } catch (error) {
      this.logger.warn(`A batch of ${run.length} events failed (${String(error)}); applying them one by one`);
      for (const decoded of run) await this.applyOne(decoded);
      return;
    }
    await this.settle(
      run.map((decoded, i) => ({ ...decoded, applied: applied[i] })),
      ` (batch of ${run.length})`,
    );
  }

  /**
   * One delivery's parts in one transaction; ack after the commit. If it fails and several parts share the
   * delivery, each is tried alone so the healthy ones commit (their ledger records skip them on
   * redelivery); the failing ones get the redelivery with backoff and, in the end, the dead-letter stream.
   */
  private async applyOne(decoded: Decoded): Promise<void> {
    const { msg, live } = decoded;
    let error: unknown;
    try {
      const [applied] = await this.transact([decoded]);
      return await this.settle([{ ...decoded, applied }]);
    } catch (caught) {
      error = caught;
    }
    if (live.length === 1) return this.failed(msg, live, error);
    const failing: Decoded['live'] = [];
    for (const one of live) {
      try {
        const [[applied]] = await this.transact([{ msg, live: [one] }]);
        if (applied) this.count(one, 'handled', ' (alone)');
      } catch (caught) {
        error = caught;
        failing.push(one);
      }
    }
    if (failing.length) return this.failed(msg, failing, error);
    msg.ack();
  }

  /**
   * Ledger records and handlers in one transaction: per delivery, per part, whether it ran (false: the
   * part had handled this event id before, or earlier in this batch).
   */
  private transact(run: Decoded[]): Promise<boolean[][]> {
    return this.dataSource.transaction(async (manager) => {
      const pairs = new Map<string, [string, string]>();
      for (const { live } of run)
        for (const { part, envelope } of live)
          pairs.set(pairKey(part, envelope), [part.key, envelope.eventId]);
      const fresh = await this.record(manager, [...pairs.values()]);
      const applied: boolean[][] = [];
      for (const { msg, live } of run) {
        const done: boolean[] = [];
        let slowed = false;
        for (const { part, envelope } of live) {
          if (!fresh.delete(pairKey(part, envelope))) {
            done.push(false);
            continue;
          }
          if (!slowed) await this.slowFault(envelope);
          slowed = true;
          // Logs of this handler carry the causing request's correlation id; its trace continues here.
          await runWithLogContext(this.logContextOf(envelope), () =>
            inSpan(
              `event ${part.contract?.subject ?? unprefixed(msg.subject)}`,
              {
                kind: SpanKind.CONSUMER,
                parent: extractTraceContext(msg.headers),
                attributes: { 'messaging.consumer': part.key },
              },
              () => part.handler(envelope, manager),
            ),
          );
          done.push(true);
        }
        applied.push(done);
      }
      return applied;
    });
  }

  /** Inserts the (ledger key, event id) records; returns those new (as `pairKey`s). Prepared: every event runs it. */
  private async record(manager: EntityManager, pairs: Array<[string, string]>): Promise<Set<string>> {
    if (pairs.length === 1) {
      const [[key, eventId]] = pairs;
      const rows = await preparedQuery(
        manager,
        'messaging.ledger-one',
        `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
        [key, eventId],
      );
      return new Set(rows.length ? [`${key} ${eventId.toLowerCase()}`] : []);
    }
    const rows = await preparedQuery<{ consumer: string; event_id: string }>(
      manager,
      'messaging.ledger-pairs',
      `INSERT INTO processed_events (consumer, event_id) SELECT * FROM unnest($1::text[], $2::uuid[])
       ON CONFLICT DO NOTHING RETURNING consumer, event_id`,
      [pairs.map(([key]) => key), pairs.map(([, eventId]) => eventId)],
    );
    return new Set(rows.map((row) => `${row.consumer} ${row.event_id}`));
  }

  /**
   * Acknowledges committed deliveries (applied, or skipped as duplicates), counting and logging each part.
   * Fault tests only: the applied events a `hold-ack` rule names keep their ack (and in-progress acks)
   * back for a while, so the broker redelivers them; the others are acknowledged at once.
   */
  private async settle(settled: Array<Decoded & { applied: boolean[] }>, note = ''): Promise<void> {
    const ack = ({ msg, live, applied }: (typeof settled)[number]) => {
      msg.ack();
      live.forEach((one, i) => this.count(one, applied[i] ? 'handled' : 'skipped duplicate', note));
    };
    const holds = settled.map(({ live, applied }) =>
      applied.some(Boolean) ? faultDelayMs('hold-ack', live[0].envelope.type) : 0,
    );
    settled.forEach((one, i) => holds[i] === 0 && ack(one));
    const hold = Math.max(...holds);
    if (hold === 0) return;
    const held = settled.filter((_, i) => holds[i] > 0);
    for (const { msg, live } of held) {
      this.logger.warn(`FAULT INJECTION: holding the ack of ${live[0].envelope.eventId} for ${hold} ms`);
      this.withheld.add(msg);
    }
    await new Promise((r) => setTimeout(r, hold));
    held.forEach(ack);
  }

  private count(
    { part, envelope }: Decoded['live'][number],
    what: 'handled' | 'skipped duplicate',
    note: string,
  ) {
    eventsHandled.inc({ consumer: part.key, outcome: what === 'handled' ? 'processed' : 'duplicate' });
    // Under the event's log context: the line carries the causing request's correlation id.
    runWithLogContext(this.logContextOf(envelope), () =>
      this.logger.log(`${part.key} ${what} ${envelope.type} ${envelope.eventId}${note}`),
    );
  }

  /** Failing parts: redelivery with backoff, or the dead-letter stream after `maxHandlerAttempts`. */
  private async failed(msg: JsMsg, failing: Decoded['live'], error: unknown): Promise<void> {
    const attempt = msg.info.redeliveryCount;
    for (const { part, envelope } of failing) {
      runWithLogContext(this.logContextOf(envelope), () =>
        this.logger.warn(
          `Handler ${part.key} failed for event ${envelope.eventId} (delivery ${attempt}): ${String(error)}`,
        ),
      );
      eventsHandled.inc({ consumer: part.key, outcome: 'failed' });
    }
    const setAside =
      attempt >= maxHandlerAttempts() &&
      (await this.setAside(
        msg,
        failing.map(({ part }) => part.key),
        `handler failed ${attempt} times: ${String(error)}`,
      ));
    if (setAside) msg.term();
    else msg.nak(redeliveryDelayMs(attempt));
  }

  /**
   * Parts that can never take this delivery (malformed envelope or data) have it set aside; true when
   * parts remain to apply it. A malformed event must not block those behind it.
   */
  private async setAsidePoison({ msg, live, poison }: Decoded & { poison: Part[] }): Promise<boolean> {
    if (poison.length) {
      for (const part of poison) eventsHandled.inc({ consumer: part.key, outcome: 'poison' });
      const keys = poison.map((part) => part.key);
      if (!(await this.setAside(msg, keys, 'malformed envelope or data'))) {
        msg.nak(redeliveryDelayMs(msg.info.redeliveryCount));
        return false;
      }
      if (!live.length) msg.term();
    } else if (!live.length) msg.ack(); // none of this service's handlers takes this subject
    return live.length > 0;
  }

  /** Fault tests only (`slow-event`): this event's handler takes longer. A no-op otherwise. */
  private async slowFault(envelope: EventEnvelope): Promise<void> {
    const slow = slowEventMs(envelope.type);
    if (!slow) return;
    this.logger.warn(`FAULT INJECTION: handling ${envelope.eventId} ${slow} ms slower`);
    await new Promise((r) => setTimeout(r, slow));
  }

  private logContextOf(envelope: EventEnvelope) {
    return {
      correlationId: envelope.correlationId ?? undefined,
      causationId: envelope.causationId ?? undefined,
      requestId: undefined,
      eventId: envelope.eventId,
      tenantId: envelope.tenantId,
      actorId: envelope.actor.id,
    };
  }

  /**
   * Sets an event aside for these ledger keys: copies it with the reason to the dead-letter stream, once
   * per key, and logs an alert. False when a copy could not be stored (the caller has it redelivered).
   */
  private async setAside(msg: JsMsg, keys: string[], reason: string): Promise<boolean> {
    try {
      await this.streams.ensureDeadLetters();
      const js = await this.nats.jetstream();
      for (const key of keys) {
        const hdrs = natsHeaders();
        hdrs.set('Roster-Dead-Letter-Reason', reason.slice(0, 500));
        hdrs.set('Roster-Consumer', key);
        hdrs.set('Roster-Original-Subject', msg.subject);
        hdrs.set('Roster-Original-Seq', String(msg.seq));
        hdrs.set('Roster-Deliveries', String(msg.info.redeliveryCount));
        await js.publish(deadLetterSubject(key), msg.data, {
          headers: hdrs,
          msgID: `${key}:${msg.seq}`,
          timeout: 5000,
        });
      }
    } catch (error) {
      this.logger.warn(
        `Could not dead-letter ${msg.subject} seq ${msg.seq}: ${String(error)}; retrying later`,
      );
      return false;
    }
    for (const key of keys) {
      eventsHandled.inc({ consumer: key, outcome: 'dead_lettered' });
      this.logger.error(
        { alert: 'dead_letter', consumer: key, subject: msg.subject, seq: msg.seq, reason },
        `ALERT: event ${msg.subject} (seq ${msg.seq}) set aside to ${deadLetterStream()} by ${key}: ${reason}`,
      );
    }
    return true;
  }

  /**
   * The delivery as each part that takes its subject will see it (a contract's parts: data validated
   * against it), and the parts for which it is malformed. No side effects.
   */
  private async decode(msg: JsMsg, { parts }: Registration): Promise<Decoded & { poison: Part[] }> {
    const subject = unprefixed(msg.subject);
    const taking = parts.filter((part) => !part.contract || part.contract.subject === subject);
    let raw: EventEnvelope | null = null;
    try {
      raw = msg.json<EventEnvelope>();
    } catch {
      // not JSON: poison for every part
    }
    const validId = typeof raw?.eventId === 'string' && /^[0-9a-f-]{36}$/i.test(raw.eventId);
    const decoded: Decoded & { poison: Part[] } = { msg, live: [], poison: [] };
    const byContract = new Map<EventContract<unknown> | undefined, EventEnvelope | null>();
    for (const part of taking) {
      if (!byContract.has(part.contract))
        byContract.set(part.contract, raw && validId ? await this.envelopeFor(raw, part.contract) : null);
      const envelope = byContract.get(part.contract);
      if (envelope) decoded.live.push({ part, envelope });
      else decoded.poison.push(part);
    }
    return decoded;
  }

  private async envelopeFor(
    envelope: EventEnvelope,
    contract?: EventContract<unknown>,
  ): Promise<EventEnvelope | null> {
    if (!contract) {
      // A pattern consumer takes any event of the stream: only the envelope itself is checked.
      const valid =
        typeof envelope.type === 'string' &&
        typeof envelope.occurredAt === 'string' &&
        typeof envelope.actor === 'object' &&
        envelope.actor !== null;
      return valid ? envelope : null;
    }
    try {
      const data = plainToInstance(contract.data, envelope.data) as object;
      const errors = await validate(data);
      if (errors.length) {
        this.logger.error(
          `Invalid ${contract.subject} data: ${JSON.stringify(flattenValidationErrors(errors))}`,
        );
        return null;
      }
      return { ...envelope, data };
    } catch {
      return null;
    }
  }
}

/** A (ledger key, event id) record as one string (event ids as Postgres returns uuids: lower case). */
function pairKey(part: Part, envelope: EventEnvelope): string {
  return `${part.key} ${envelope.eventId.toLowerCase()}`;
}

type Found = Pick<FoundHandler, 'key' | 'owner' | 'subject' | 'contract' | 'handler'>;

/**
 * The durable consumers of a service's handlers (see `hostOnWholeStreams`). In-transaction handlers
 * (`OwnEventHandlers`) consume nothing; the durables they had in an earlier version, grouped as they were
 * then, are drained by them and deleted.
 */
export function consumersOf(found: FoundHandler[]): Registration[] {
  const retired = hostOnWholeStreams(found.filter((f) => f.inTransaction)).map((r) => ({
    ...r,
    drainOnly: true,
  }));
  return [...hostOnWholeStreams(found.filter((f) => !f.inTransaction)), ...retired];
}

/**
 * Groups a service's handlers into durable consumers. Where the service consumes a whole stream
 * (`@OnEventPattern('<owner>.events.>')`: directory's audit log, integrations' fan-out), that consumer also
 * hosts the service's `@OnEvent` handlers of the stream, so each event is delivered, acknowledged and
 * committed once per service instead of once per handler (bench B6: `member.added` had six consumers in
 * four services). A hosted handler keeps its own ledger key (the durable it would have alone, so it runs
 * once per event across the change), dead letters and metrics. Its former durable, if one exists from an
 * earlier version, is drained and deleted (`drainOnly`). Other handlers each have their own durable.
 */
export function hostOnWholeStreams(found: Found[]): Registration[] {
  const single = (f: Found): Registration => ({
    owner: f.owner,
    subject: f.subject,
    durable: f.key,
    parts: [{ key: f.key, contract: f.contract, handler: f.handler }],
  });
  const hosts = new Map<ContextName, Registration>();
  for (const f of found)
    if (!f.contract && f.subject === `${f.owner}.events.>` && !hosts.has(f.owner))
      hosts.set(f.owner, single(f));
  const registrations = [...hosts.values()];
  for (const f of found) {
    const host = hosts.get(f.owner);
    if (host?.durable === f.key) continue;
    if (host && f.contract) {
      host.parts.push(...single(f).parts);
      registrations.push({ ...single(f), drainOnly: true });
    } else registrations.push(single(f));
  }
  return registrations;
}
