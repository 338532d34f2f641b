import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { discoverEventHandlers, FoundHandler } from './event-handler-discovery';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { subjectMatches } from './on-event.decorator';

/**
 * The service's in-transaction handlers of its own events (`inTransaction: true`): `OutboxService.add` runs
 * them in the transaction that records the event, in the order they were found. They see the envelope as
 * a consumer would (JSON, as the relay publishes it).
 */
@Injectable()
export class OwnEventHandlers {
  private handlers?: FoundHandler[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** Found on first use: an event may be recorded before the app's bootstrap hooks run. */
  private get all(): FoundHandler[] {
    this.handlers ??= discoverEventHandlers(this.discovery, this.scanner, this.options.context).filter(
      (f) => f.inTransaction,
    );
    return this.handlers;
  }

  /** Whether any handler takes this subject (the caller then parses the envelope for them). */
  wants(subject: string): boolean {
    return this.all.some((f) => this.takes(f, subject));
  }

  async dispatch(envelope: EventEnvelope, manager: EntityManager): Promise<void> {
    for (const f of this.all) if (this.takes(f, envelope.type)) await f.handler(envelope, manager);
  }

  private takes(f: FoundHandler, subject: string): boolean {
    return f.contract ? f.subject === subject : subjectMatches(f.subject, subject);
  }
}
