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
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { DataSource } from 'typeorm';
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
import { prefixed, streamFor, unprefixed } from './subjects';

const ACK_WAIT_MS = 30_000;
const MAX_DELIVER = 20;

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
    await jsm.consumers
      .add(stream, {
        durable_name: durable,
        filter_subject: prefixed(subject),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ACK_WAIT_MS),
        max_deliver: MAX_DELIVER,
      })
      .catch((error: unknown) => {
        if (!String(error).includes('already exists')) throw error;
      });
    const consumer = await (await this.nats.jetstream()).consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.running.set(durable, messages);
    for await (const msg of messages) {
      await this.handle(msg, registration);
      if (this.stopping) break;
    }
  }

  private async handle(msg: JsMsg, { contract, durable, handler }: Registration) {
    if (msg.info.redeliveryCount > 1) consumerRedelivered.inc({ consumer: durable });
    const envelope = await this.decode(msg, contract);
    if (!envelope) {
      // A malformed event can never succeed: set it aside instead of blocking those behind it.
      this.logger.error(`Poison event on ${msg.subject} (seq ${msg.seq}) for ${durable}: terminated`);
      eventsHandled.inc({ consumer: durable, outcome: 'poison' });
      msg.term();
      return;
    }
    // Logs of this handler carry the causing request's correlation id; its trace continues here.
    const logContext = {
      correlationId: envelope.correlationId ?? undefined,
      causationId: envelope.causationId ?? undefined,
      requestId: undefined,
      eventId: envelope.eventId,
      tenantId: envelope.tenantId,
      actorId: envelope.actor.id,
    };
    const parent = extractTraceContext(msg.headers);
    await runWithLogContext(logContext, () =>
      inSpan(
        `event ${contract?.subject ?? unprefixed(msg.subject)}`,
        { kind: SpanKind.CONSUMER, parent, attributes: { 'messaging.consumer': durable } },
        () => this.apply(msg, envelope, durable, handler),
      ),
    );
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
        const fresh: unknown[] = await manager.query(
          `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
          [durable, envelope.eventId],
        );
        if (fresh.length === 0) return false; // Seen before: the side effect already happened.
        await handler(envelope, manager);
        return true;
      });
      msg.ack();
      eventsHandled.inc({ consumer: durable, outcome: applied ? 'processed' : 'duplicate' });
      this.logger.log(
        `${durable} ${applied ? 'handled' : 'skipped duplicate'} ${envelope.type} ${envelope.eventId}`,
      );
    } catch (error) {
      const attempt = msg.info.redeliveryCount;
      this.logger.warn(
        `Handler ${durable} failed for event ${envelope.eventId} (delivery ${attempt}): ${String(error)}`,
      );
      eventsHandled.inc({ consumer: durable, outcome: 'failed' });
      msg.nak(redeliveryDelayMs(attempt));
    }
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
