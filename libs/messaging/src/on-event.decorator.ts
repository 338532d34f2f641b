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
  /**
   * For the service's own events only: run in the transaction that records the event (`OutboxService.add`),
   * not on a durable consumer. For projections into the same database (the audit log, links between the
   * service's own tables): they commit with the change or not at all, are there when the request returns,
   * and cost no delivery, ledger record or commit of their own (bench B6). The handler must be idempotent:
   * a durable it had in an earlier version is drained by it (then deleted), so it may see an event twice.
   */
  inTransaction?: boolean;
}

export type EventHandlerFn<D = unknown> = (event: EventEnvelope<D>, manager: EntityManager) => Promise<void>;

export const ON_EVENT_PATTERN = Symbol('roster:on-event-pattern');
export const ON_EVENT_PATTERN_OPTIONS = Symbol('roster:on-event-pattern-options');

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
export const OnEventPattern = (
  subject: string,
  options: Pick<OnEventOptions, 'inTransaction'> = {},
): MethodDecorator =>
  applyDecorators(
    SetMetadata(ON_EVENT_PATTERN, eventPattern(subject)),
    SetMetadata(ON_EVENT_PATTERN_OPTIONS, options),
  );

/** Whether a subject matches a pattern (NATS wildcards: `*` one token, a final `>` one or more). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const got = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '>') return got.length > i;
    if (i >= got.length || (want[i] !== '*' && want[i] !== got[i])) return false;
  }
  return got.length === want.length;
}
