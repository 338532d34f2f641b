export * from './subjects';
export * from './request-meta';
export * from './nats-connection.service';
export * from './bus-client';
export * from './rpc-handler.decorator';
export * from './streams.service';
export * from './outbox.entity';
export * from './processed-event.entity';
export * from './outbox.service';
export * from './outbox-relay';
export * from './on-event.decorator';
export * from './event-consumers';
export * from './event-handler-discovery';
export * from './own-event-handlers';
export * from './messaging.options';
export * from './messaging.module';
export * from './fault-injection';
export * from './transient-errors';
export * from './idempotency';
export * from './validation-metadata-cache';
export * from './migrations/1764000000000-create-messaging-tables';

import { OutboxEntity } from './outbox.entity';
import { ProcessedEventEntity } from './processed-event.entity';
import { CreateMessagingTables1764000000000 } from './migrations/1764000000000-create-messaging-tables';
import { AddOutboxTraceContext1764000000001 } from './migrations/1764000000001-add-outbox-trace-context';

/** Add these to every context's entity and migration lists. */
export const MESSAGING_ENTITIES = [OutboxEntity, ProcessedEventEntity];
export const MESSAGING_MIGRATIONS = [CreateMessagingTables1764000000000, AddOutboxTraceContext1764000000001];
export * from './rpc-server';
export * from './rpc-scope';
