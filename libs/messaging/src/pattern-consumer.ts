import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  SetMetadata,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { ContextName, EventEnvelope, STREAMS } from '@roster/contracts';
import {
  eventsHandled,
  extractTraceContext,
  inSpan,
  runWithLogContext,
  SpanKind,
} from '@roster/observability';
import { redeliveryDelayMs } from './event-consumers';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { NatsConnectionService } from './nats-connection.service';
import { StreamsService } from './streams.service';
import { streamFor } from './subjects';

export const ON_ANY_EVENT = Symbol('roster:on-any-event');

/**
 * Marks a provider method as the handler of EVERY event of every context's stream (a wildcard
 * consumer; e.g. integrations' webhook fan-out). The envelope's `data` is passed as published, not
 * validated against a class (the handler does not know the type in advance). Like `@OnEvent`: durable,
 * once per event id, inside a transaction. `name` keeps the durable stable if the method is renamed.
 */
export const OnAnyEvent = (name: string): MethodDecorator => SetMetadata(ON_ANY_EVENT, name);

export type AnyEventHandlerFn = (event: EventEnvelope, manager: EntityManager) => Promise<void>;

interface Registration {
  owner: ContextName;
  durable: string;
  handler: AnyEventHandlerFn;
}

/**
 * Runs the `@OnAnyEvent` handlers: one durable pull consumer per (handler, stream). Provide it (with MESSAGING_OPTIONS and
 * `DiscoveryModule` imported) in the module of the app that needs it; it is not part of `MessagingModule`.
 */
@Injectable()
export class PatternConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PatternConsumers.name);
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

  onApplicationBootstrap(): void {
    for (const registration of this.discover()) this.loops.push(this.run(registration));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
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
        const name = Reflect.getMetadata(ON_ANY_EVENT, fn) as string | undefined;
        if (!name) continue;
        for (const owner of Object.keys(STREAMS) as ContextName[]) {
          found.push({
            owner,
            durable: `${this.options.context}--any--${name}--${owner}`,
            handler: (fn as AnyEventHandlerFn).bind(instance),
          });
        }
      }
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

  private async consume({ owner, durable, handler }: Registration): Promise<void> {
    await this.streams.ensure(owner);
    const { name: stream, subjects } = streamFor(owner);
    const jsm = await this.nats.jetstreamManager();
    await jsm.consumers
      .add(stream, {
        durable_name: durable,
        filter_subject: subjects,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(30_000),
        max_deliver: 20,
      })
      .catch((error: unknown) => {
        if (!String(error).includes('already exists')) throw error;
      });
    const consumer = await (await this.nats.jetstream()).consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: 64 });
    this.running.set(durable, messages);
    for await (const msg of messages) {
      await this.handle(msg, durable, handler);
      if (this.stopping) break;
    }
  }

  private async handle(msg: JsMsg, durable: string, handler: AnyEventHandlerFn): Promise<void> {
    let envelope: EventEnvelope | null = null;
    try {
      const value = msg.json<EventEnvelope>();
      if (typeof value?.eventId === 'string' && /^[0-9a-f-]{36}$/i.test(value.eventId)) envelope = value;
    } catch {
      envelope = null;
    }
    if (!envelope) {
      this.logger.error(`Poison event on ${msg.subject} (seq ${msg.seq}) for ${durable}: terminated`);
      eventsHandled.inc({ consumer: durable, outcome: 'poison' });
      msg.term();
      return;
    }
    const event = envelope;
    const logContext = {
      correlationId: event.correlationId ?? undefined,
      causationId: event.causationId ?? undefined,
      requestId: undefined,
      eventId: event.eventId,
      tenantId: event.tenantId,
      actorId: event.actor?.id ?? null,
    };
    await runWithLogContext(logContext, () =>
      inSpan(
        `event ${event.type}`,
        {
          kind: SpanKind.CONSUMER,
          parent: extractTraceContext(msg.headers),
          attributes: { 'messaging.consumer': durable },
        },
        async () => {
          try {
            const applied = await this.dataSource.transaction(async (manager) => {
              const fresh: unknown[] = await manager.query(
                `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
                [durable, event.eventId],
              );
              if (fresh.length === 0) return false;
              await handler(event, manager);
              return true;
            });
            msg.ack();
            eventsHandled.inc({ consumer: durable, outcome: applied ? 'processed' : 'duplicate' });
          } catch (error) {
            const attempt = msg.info.redeliveryCount;
            this.logger.warn(
              `Handler ${durable} failed for event ${event.eventId} (delivery ${attempt}): ${String(error)}`,
            );
            eventsHandled.inc({ consumer: durable, outcome: 'failed' });
            msg.nak(redeliveryDelayMs(attempt));
          }
        },
      ),
    );
  }
}
