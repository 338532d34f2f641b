import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ContextName, EventContract } from '@roster/contracts';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import {
  EventHandlerFn,
  EventPattern,
  ON_EVENT,
  ON_EVENT_OPTIONS,
  ON_EVENT_PATTERN,
  ON_EVENT_PATTERN_OPTIONS,
  OnEventOptions,
} from './on-event.decorator';

export function durableName(context: string, contract: EventContract<unknown>, consumer?: string): string {
  const subject = contract.subject.replace(/\./g, '_');
  return consumer ? `${context}--${consumer}--${subject}` : `${context}--${subject}`;
}

/** The durable of an `@OnEventPattern` consumer: `directory--pattern--auth_events_gt` for `auth.events.>`. */
export function patternDurableName(context: string, pattern: EventPattern): string {
  const subject = pattern.subject.replace(/\./g, '_').replace(/>/g, 'gt').replace(/\*/g, 'star');
  return `${context}--pattern--${subject}`;
}

/** One `@OnEvent` or `@OnEventPattern` handler of the app. */
export interface FoundHandler {
  /** Its ledger key: the durable it has (or had) on its own. */
  key: string;
  owner: ContextName;
  /** A contract's subject, or a pattern. */
  subject: string;
  /** Set for `@OnEvent`: only this subject, data validated against it. Absent for `@OnEventPattern`. */
  contract?: EventContract<unknown>;
  handler: EventHandlerFn;
  /** Runs in the transaction that records the event (see `OnEventOptions.inTransaction`). */
  inTransaction: boolean;
}

/**
 * Every event handler of the app's providers. An in-transaction handler of another context's events is a
 * programming error (the event is not recorded here): it stops the app at boot.
 */
export function discoverEventHandlers(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  context: string,
): FoundHandler[] {
  const found: FoundHandler[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const proto = Object.getPrototypeOf(instance) as object;
    for (const method of scanner.getAllMethodNames(proto)) {
      const fn = instance[method];
      if (typeof fn !== 'function') continue;
      const handler = (fn as EventHandlerFn).bind(instance);
      const pattern = Reflect.getMetadata(ON_EVENT_PATTERN, fn) as EventPattern | undefined;
      if (pattern) {
        const { inTransaction = false } = (Reflect.getMetadata(ON_EVENT_PATTERN_OPTIONS, fn) ??
          {}) as OnEventOptions;
        const key = patternDurableName(context, pattern);
        found.push({ owner: pattern.owner, subject: pattern.subject, key, handler, inTransaction });
      }
      const contract = Reflect.getMetadata(ON_EVENT, fn) as EventContract<unknown> | undefined;
      if (!contract) continue;
      const options = (Reflect.getMetadata(ON_EVENT_OPTIONS, fn) ?? {}) as OnEventOptions;
      const key = durableName(context, contract, options.consumer);
      found.push({
        owner: contract.owner,
        subject: contract.subject,
        contract,
        key,
        handler,
        inTransaction: options.inTransaction ?? false,
      });
    }
  }
  const foreign = found.find((f) => f.inTransaction && f.owner !== context);
  if (foreign)
    throw new Error(
      `${foreign.key}: only the service's own events (${context}.events.…) can be handled in their transaction`,
    );
  return found;
}

/**
 * The app's event handlers, found once (on first use: an event may be recorded before the bootstrap hooks
 * run) for both the consumers (`EventConsumers`) and the in-transaction handlers (`OwnEventHandlers`).
 */
@Injectable()
export class EventHandlerRegistry {
  private found?: FoundHandler[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  get all(): FoundHandler[] {
    this.found ??= discoverEventHandlers(this.discovery, this.scanner, this.options.context);
    return this.found;
  }
}
