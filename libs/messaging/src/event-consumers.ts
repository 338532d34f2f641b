import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AckPolicy, ConsumerMessages, DeliverPolicy, headers as natsHeaders, JsMsg, nanos } from 'nats';
import { DataSource } from 'typeorm';
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
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import {
  EventHandlerFn,
  EventPattern,
  ON_EVENT,
  ON_EVENT_OPTIONS,
  ON_EVENT_PATTERN,
  OnEventOptions,
} from './on-event.decorator';
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

interface Decoded {
  msg: JsMsg;
  envelope: EventEnvelope;
}

interface Registration {
  /** The stream's owner and the (unprefixed) filter subject: a contract's subject or a pattern. */
  owner: ContextName;
  subject: string;
  /** Set for `@OnEvent`: the data is validated against it. Absent for `@OnEventPattern`. */
  contract?: EventContract<unknown>;
  durable: string;
  handler: EventHandlerFn;
}

export function durableName(context: string, contract: EventContract<unknown>, consumer?: string): string {
  const subject = contract.subject.replace(/\./g, '_');
  return consumer ? `${context}--${consumer}--${subject}` : `${context}--${subject}`;
}

/** The durable of an `@OnEventPattern` consumer: `directory--pattern--auth_events_gt` for `auth.events.>`. */
export function patternDurableName(context: string, pattern: EventPattern): string {
  const subject = pattern.subject.replace(/\./g, '_').replace(/>/g, 'gt').replace(/\*/g, 'star');
  return `${context}--pattern--${subject}`;
}

/** Backoff for a failed handler: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function redeliveryDelayMs(redeliveryCount: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, redeliveryCount - 1));
}

/**
 * Finds every `@OnEvent` handler and runs a durable pull consumer for it with explicit acks. A
 * replica of the same service binds to the same durable, so replicas share the events.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly running = new Map<string, ConsumerMessages>();
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  /** Deliveries whose ack a fault test withholds (no in-progress acks for them either). */
  private readonly withheld = new WeakSet<JsMsg>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnectionService,
    private readonly streams: StreamsService,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
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
    await Promise.all(
      registrations.map(async ({ owner, durable }) => {
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
    const found: Registration[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const handler = (fn as EventHandlerFn).bind(instance);
        const pattern = Reflect.getMetadata(ON_EVENT_PATTERN, fn) as EventPattern | undefined;
        if (pattern) {
          found.push({
            owner: pattern.owner,
            subject: pattern.subject,
            durable: patternDurableName(this.options.context, pattern),
            handler,
          });
        }
        const contract = Reflect.getMetadata(ON_EVENT, fn) as EventContract<unknown> | undefined;
        if (!contract) continue;
        const options = (Reflect.getMetadata(ON_EVENT_OPTIONS, fn) ?? {}) as OnEventOptions;
        found.push({
          owner: contract.owner,
          subject: contract.subject,
          contract,
          durable: durableName(this.options.context, contract, options.consumer),
          handler,
        });
      }
    }
    // Two handlers on one durable would split its events between them (and share one ledger).
    const durables = found.map((r) => r.durable);
    for (const durable of new Set(durables.filter((d, i) => durables.indexOf(d) !== i))) {
      this.logger.error(
        `Several handlers share the durable consumer ${durable}: each would see only some events. ` +
          'Name them with @OnEvent(contract, { consumer })',
      );
    }
    return found;
  }

  private async run(registration: Registration): Promise<void> {
    while (!this.stopping) {
      try {
        await this.consume(registration);
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn(`Consumer ${registration.durable} stopped: ${String(error)}; restarting`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async consume(registration: Registration): Promise<void> {
    const { owner, subject, durable } = registration;
    await this.streams.ensure(owner);
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
      }
    } finally {
      clearInterval(heartbeat);
      for (const msg of received) msg.nak();
    }
  }

  private async handle(msg: JsMsg, registration: Registration) {
    const { contract, durable } = registration;
    if (msg.info.redeliveryCount > 1) consumerRedelivered.inc({ consumer: durable });
    const envelope = await this.decode(msg, contract);
    if (!envelope) {
      // A malformed event can never succeed: set it aside instead of blocking those behind it.
      eventsHandled.inc({ consumer: durable, outcome: 'poison' });
      await this.deadLetter(msg, durable, 'malformed envelope or data');
      return;
    }
    await this.handleDecoded(msg, envelope, registration);
  }

  private async handleDecoded(
    msg: JsMsg,
    envelope: EventEnvelope,
    { contract, durable, handler }: Registration,
  ) {
    // Logs of this handler carry the causing request's correlation id; its trace continues here.
    const parent = extractTraceContext(msg.headers);
    await runWithLogContext(this.logContextOf(envelope), () =>
      inSpan(
        `event ${contract?.subject ?? unprefixed(msg.subject)}`,
        { kind: SpanKind.CONSUMER, parent, attributes: { 'messaging.consumer': durable } },
        () => this.apply(msg, envelope, durable, handler),
      ),
    );
  }

  /**
   * Several received events in one transaction: one ledger insert for all of them, then each fresh one's
   * handler in its own log context and span; ack after the commit. Any failure rolls the whole batch back
   * and each event is then applied alone (so a failing event gets its own retries and dead-lettering,
   * and the others go through). The fault-injection hooks (`slow-event`, `hold-ack`) act here as in the
   * one-by-one path, so the fault tests exercise the batches production runs.
   */
  private async handleBatch(msgs: JsMsg[], registration: Registration): Promise<void> {
    // Consecutive fresh, well-formed deliveries go together; a retry (its own backoff and dead-letter
    // count) or a malformed event goes alone, in its place: the delivery order holds.
    let run: Decoded[] = [];
    for (const msg of msgs) {
      const alone = msg.info.redeliveryCount > 1;
      const envelope = alone ? null : await this.decode(msg, registration.contract);
      if (envelope) {
        run.push({ msg, envelope });
        continue;
      }
      await this.applyRun(run, registration);
      run = [];
      await this.handle(msg, registration);
    }
    await this.applyRun(run, registration);
  }

  private async applyRun(run: Decoded[], registration: Registration): Promise<void> {
    const { contract, durable, handler } = registration;
    if (run.length === 0) return;
    if (run.length === 1) return this.handleDecoded(run[0].msg, run[0].envelope, registration);
    let applied: boolean[];
    try {
      applied = await this.dataSource.transaction(async (manager) => {
        const ids = [...new Set(run.map(({ envelope }) => envelope.eventId))];
        const rows = await preparedQuery<{ event_id: string }>(
          manager,
          'messaging.ledger-many',
          `INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[])
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [durable, ids],
        );
        const fresh = new Set(rows.map((row) => row.event_id));
        const done: boolean[] = [];
        for (const { msg, envelope } of run) {
          // Seen before (or earlier in this batch): the side effect already happened.
          if (!fresh.delete(envelope.eventId)) {
            done.push(false);
            continue;
          }
          await this.slowFault(envelope);
          await runWithLogContext(this.logContextOf(envelope), () =>
            inSpan(
              `event ${contract?.subject ?? unprefixed(msg.subject)}`,
              {
                kind: SpanKind.CONSUMER,
                parent: extractTraceContext(msg.headers),
                attributes: { 'messaging.consumer': durable },
              },
              () => handler(envelope, manager),
            ),
          );
          done.push(true);
        }
        return done;
      });
    } catch (error) {
      this.logger.warn(
        `A batch of ${run.length} events failed in ${durable} (${String(error)}); applying them one by one`,
      );
      for (const { msg, envelope } of run) await this.handleDecoded(msg, envelope, registration);
      return;
    }
    await this.settle(
      run.map(({ msg, envelope }, i) => ({ msg, envelope, applied: applied[i] })),
      durable,
      ` (batch of ${run.length})`,
    );
  }

  /**
   * Acknowledges committed deliveries (applied, or skipped as duplicates), counting and logging each.
   * Fault tests only: the applied events a `hold-ack` rule names keep their ack (and in-progress acks)
   * back for a while, so the broker redelivers them; the others are acknowledged at once.
   */
  private async settle(
    settled: Array<{ msg: JsMsg; envelope: EventEnvelope; applied: boolean }>,
    durable: string,
    note = '',
  ): Promise<void> {
    const ack = ({ msg, envelope, applied }: (typeof settled)[number]) => {
      msg.ack();
      eventsHandled.inc({ consumer: durable, outcome: applied ? 'processed' : 'duplicate' });
      this.logger.log(
        `${durable} ${applied ? 'handled' : 'skipped duplicate'} ${envelope.type} ${envelope.eventId}${note}`,
      );
    };
    const holds = settled.map(({ envelope, applied }) =>
      applied ? faultDelayMs('hold-ack', envelope.type) : 0,
    );
    settled.forEach((one, i) => holds[i] === 0 && ack(one));
    const hold = Math.max(...holds);
    if (hold === 0) return;
    const held = settled.filter((_, i) => holds[i] > 0);
    for (const { msg, envelope } of held) {
      this.logger.warn(`FAULT INJECTION: holding the ack of ${envelope.eventId} for ${hold} ms`);
      this.withheld.add(msg);
    }
    await new Promise((r) => setTimeout(r, hold));
    held.forEach(ack);
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

  /** Handler and processed-event record in one transaction; ack after commit, nak with backoff on failure. */
  private async apply(
    msg: JsMsg,
    envelope: EventEnvelope,
    durable: string,
    handler: EventHandlerFn,
  ): Promise<void> {
    try {
      const applied = await this.dataSource.transaction(async (manager) => {
        // Prepared (parsed and planned once per connection): every consumer runs it for every event.
        const fresh = await preparedQuery(
          manager,
          'messaging.ledger-one',
          `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
          [durable, envelope.eventId],
        );
        if (fresh.length === 0) return false; // Seen before: the side effect already happened.
        await this.slowFault(envelope);
        await handler(envelope, manager);
        return true;
      });
      await this.settle([{ msg, envelope, applied }], durable);
    } catch (error) {
      const attempt = msg.info.redeliveryCount;
      this.logger.warn(
        `Handler ${durable} failed for event ${envelope.eventId} (delivery ${attempt}): ${String(error)}`,
      );
      eventsHandled.inc({ consumer: durable, outcome: 'failed' });
      if (attempt >= maxHandlerAttempts()) {
        await this.deadLetter(msg, durable, `handler failed ${attempt} times: ${String(error)}`);
        return;
      }
      msg.nak(redeliveryDelayMs(attempt));
    }
  }

  /**
   * Sets an event aside: copies it with the reason to the dead-letter stream, logs an alert, and
   * terminates it so the consumer moves on. If the copy cannot be stored, the event is redelivered later.
   */
  private async deadLetter(msg: JsMsg, durable: string, reason: string): Promise<void> {
    try {
      await this.streams.ensureDeadLetters();
      const hdrs = natsHeaders();
      hdrs.set('Roster-Dead-Letter-Reason', reason.slice(0, 500));
      hdrs.set('Roster-Consumer', durable);
      hdrs.set('Roster-Original-Subject', msg.subject);
      hdrs.set('Roster-Original-Seq', String(msg.seq));
      hdrs.set('Roster-Deliveries', String(msg.info.redeliveryCount));
      const js = await this.nats.jetstream();
      await js.publish(deadLetterSubject(durable), msg.data, {
        headers: hdrs,
        msgID: `${durable}:${msg.seq}`,
        timeout: 5000,
      });
    } catch (error) {
      this.logger.warn(
        `Could not dead-letter ${msg.subject} seq ${msg.seq}: ${String(error)}; retrying later`,
      );
      msg.nak(redeliveryDelayMs(msg.info.redeliveryCount));
      return;
    }
    msg.term();
    eventsHandled.inc({ consumer: durable, outcome: 'dead_lettered' });
    this.logger.error(
      { alert: 'dead_letter', consumer: durable, subject: msg.subject, seq: msg.seq, reason },
      `ALERT: event ${msg.subject} (seq ${msg.seq}) set aside to ${deadLetterStream()} by ${durable}: ${reason}`,
    );
  }

  private async decode(msg: JsMsg, contract?: EventContract<unknown>): Promise<EventEnvelope | null> {
    try {
      const envelope = msg.json<EventEnvelope>();
      if (typeof envelope?.eventId !== 'string' || !/^[0-9a-f-]{36}$/i.test(envelope.eventId)) return null;
      if (!contract) {
        // A pattern consumer takes any event of the stream: only the envelope itself is checked.
        const valid =
          typeof envelope.type === 'string' &&
          typeof envelope.occurredAt === 'string' &&
          typeof envelope.actor === 'object' &&
          envelope.actor !== null;
        return valid ? envelope : null;
      }
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
