import { Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ActorRef, EventContract, EventEnvelope } from '@roster/contracts';
import { currentLogContext, currentTraceparent } from '@roster/observability';
import { preparedQuery } from '@roster/persistence';
import type { RequestMeta } from './request-meta';
import { OUTBOX_DIRTY } from './outbox-relay';
import { OwnEventHandlers } from './own-event-handlers';

export interface EventMeta {
  tenantId: string | null;
  actor: ActorRef;
  /** The request id (or the causing event's correlation id) this change belongs to. */
  correlationId?: string | null;
  /** The event or request that directly caused this one. */
  causationId?: string | null;
  /** Where the change came from, for the audit log (the gateway's client IP and user agent). */
  ip?: string | null;
  userAgent?: string | null;
}

/** The event metadata of a change made while serving a request: same actor, correlation and origin. */
export function eventMetaOf(meta: RequestMeta, tenantId: string | null): EventMeta {
  return {
    tenantId,
    actor: meta.actor,
    correlationId: meta.requestId,
    causationId: meta.requestId,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
  };
}

/**
 * Records an event in the caller's transaction: if the change rolls back, so does the event;
 * if it commits, the relay publishes the event at least once. The service's in-transaction handlers of the
 * event (`OwnEventHandlers`) run here, in the same transaction.
 */
@Injectable()
export class OutboxService {
  constructor(@Optional() private readonly own?: OwnEventHandlers) {}

  async add<D>(
    manager: EntityManager,
    contract: EventContract<D>,
    data: D,
    meta: EventMeta,
  ): Promise<EventEnvelope<D>> {
    const envelope: EventEnvelope<D> = {
      eventId: randomUUID(),
      type: contract.subject,
      version: contract.version,
      occurredAt: new Date().toISOString(),
      tenantId: meta.tenantId,
      actor: meta.actor,
      // Default to the unit of work's ids (the request, or the event being handled) when not given.
      correlationId: meta.correlationId ?? currentLogContext().correlationId ?? null,
      causationId: meta.causationId ?? currentLogContext().eventId ?? currentLogContext().requestId ?? null,
      ...(meta.ip || meta.userAgent
        ? { origin: { ip: meta.ip ?? null, userAgent: meta.userAgent ?? null } }
        : {}),
      data,
    };
    // A prepared statement rather than the query builder: every change that emits an event runs it.
    const json = JSON.stringify(envelope);
    await preparedQuery(
      manager,
      'messaging.outbox-add',
      `INSERT INTO outbox (id, subject, envelope, traceparent) VALUES ($1, $2, $3, $4)`,
      [envelope.eventId, contract.subject, json, currentTraceparent() ?? null],
    );
    await this.own?.run(contract.subject, json, manager);
    // Wake the relay when this transaction commits (see OutboxRelay.afterTransactionCommit).
    if (manager.queryRunner) manager.queryRunner.data = { ...manager.queryRunner.data, [OUTBOX_DIRTY]: true };
    return envelope;
  }
}
