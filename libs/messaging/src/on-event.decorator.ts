import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ContextName, EventContract, EventEnvelope, STREAMS } from '@roster/contracts';

export const ON_EVENT = Symbol('roster:on-event');

/**
 * Marks a provider method as the handler of an event. It runs once per event id (a redelivery is
 * acknowledged without calling it again), inside a transaction whose manager it receives, so its
 * writes and the processed-event record commit together.
 */
export const OnEvent = (contract: EventContract<unknown>, options: OnEventOptions = {}): MethodDecorator =>
  applyDecorators(SetMetadata(ON_EVENT, contract), SetMetadata(ON_EVENT_OPTIONS, options));

export const ON_EVENT_OPTIONS = Symbol('roster:on-event-options');

export interface OnEventOptions {
  /**
   * Names this consumer when one app has several handlers of the same event (each needs its own durable and
   * ledger): the durable becomes `<context>--<consumer>--<subject>`. Without it, the durable is
   * `<context>--<subject>` as always, so existing consumers keep their position and ledger.
   */
  consumer?: string;
}

export type EventHandlerFn<D = unknown> = (event: EventEnvelope<D>, manager: EntityManager) => Promise<void>;

export const ON_EVENT_PATTERN = Symbol('roster:on-event-pattern');

/** A subject pattern of one context's stream, e.g. `auth.events.>` or `directory.events.group.*`. */
export interface EventPattern {
  owner: ContextName;
  subject: string;
}

/** Parses `<owner>.events.…` (NATS wildcards `*` and `>` allowed) into the stream owner and the subject. */
export function eventPattern(subject: string): EventPattern {
  const owner = subject.split('.')[0] as ContextName;
  if (!(owner in STREAMS) || !/^[a-z]+\.events(\.([a-z][a-z0-9_]*|\*))*(\.>)?$/.test(subject)) {
    throw new Error(`Event pattern "${subject}" must look like <owner>.events.<…> with * or a final >`);
  }
  return { owner, subject };
}

/**
 * Like `@OnEvent`, for every event whose subject matches a pattern (an audit sink, a projection of a whole
 * stream). Same guarantees: a durable consumer, once per event id, in a transaction, ack after commit and
 * nak with backoff on failure. The data is not validated against a contract (the handler sees it as sent);
 * an envelope without an event id, a type or a time is set aside as poison.
 */
export const OnEventPattern = (subject: string): MethodDecorator =>
  SetMetadata(ON_EVENT_PATTERN, eventPattern(subject));
