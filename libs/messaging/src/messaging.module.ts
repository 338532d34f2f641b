import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BusClient } from './bus-client';
import { EventConsumers } from './event-consumers';
import { CommitFaultPoint } from './fault-injection';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { NatsConnectionService } from './nats-connection.service';
import { IdempotencyKeys } from './idempotency';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';
import { OwnEventHandlers } from './own-event-handlers';
import { EventHandlerRegistry } from './event-handler-discovery';
import { StreamsService } from './streams.service';

/**
 * NATS for one app. Every app gets the connection and the typed `BusClient`; a context service
 * (`events: true`, needs its TypeORM DataSource) also gets the outbox, its relay and the `@OnEvent` consumers.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions & { events: boolean }): DynamicModule {
    const base: Provider[] = [
      { provide: MESSAGING_OPTIONS, useValue: { context: options.context } },
      NatsConnectionService,
      BusClient,
      StreamsService,
    ];
    const events: Provider[] = options.events
      ? [
          EventHandlerRegistry,
          OutboxService,
          OwnEventHandlers,
          OutboxRelay,
          EventConsumers,
          IdempotencyKeys,
          CommitFaultPoint,
        ]
      : [];
    return {
      module: MessagingModule,
      imports: options.events ? [DiscoveryModule] : [],
      providers: [...base, ...events],
      exports: [
        NatsConnectionService,
        BusClient,
        StreamsService,
        ...(options.events ? [OutboxService, OutboxRelay, IdempotencyKeys] : []),
      ],
    };
  }
}
