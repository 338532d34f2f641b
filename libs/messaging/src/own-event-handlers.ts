import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { EventHandlerRegistry, FoundHandler } from './event-handler-discovery';
import { EventHandlerFn, subjectMatches } from './on-event.decorator';

/**
 * The service's in-transaction handlers of its own events (`inTransaction: true`): `OutboxService.add` runs
 * them in the transaction that records the event, in the order they were found. They see the envelope as
 * a consumer would (parsed from the JSON the relay publishes).
 */
@Injectable()
export class OwnEventHandlers {
  /** Per subject, the handlers that take it (every change that records an event asks). */
  private readonly bySubject = new Map<string, EventHandlerFn[]>();

  constructor(private readonly registry: EventHandlerRegistry) {}

  /** Runs the handlers of `subject`, if any, with the envelope parsed from `json`. */
  async run(subject: string, json: string, manager: EntityManager): Promise<void> {
    const handlers = this.handlersOf(subject);
    if (!handlers.length) return;
    const envelope = JSON.parse(json) as EventEnvelope;
    for (const handler of handlers) await handler(envelope, manager);
  }

  private handlersOf(subject: string): EventHandlerFn[] {
    let handlers = this.bySubject.get(subject);
    if (!handlers) {
      const takes = (f: FoundHandler) =>
        f.contract ? f.subject === subject : subjectMatches(f.subject, subject);
      handlers = this.registry.all.filter((f) => f.inTransaction && takes(f)).map((f) => f.handler);
      this.bySubject.set(subject, handlers);
    }
    return handlers;
  }
}
