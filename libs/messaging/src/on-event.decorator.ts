import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventContract, EventEnvelope } from '@roster/contracts';

export const ON_EVENT = Symbol('roster:on-event');

/**
 * Marks a provider method as the handler of an event. It runs once per event id (a redelivery is
 * acknowledged without calling it again), inside a transaction whose manager it receives, so its
 * writes and the processed-event record commit together.
 */
export const OnEvent = (contract: EventContract<unknown>): MethodDecorator => SetMetadata(ON_EVENT, contract);

export type EventHandlerFn<D = unknown> = (event: EventEnvelope<D>, manager: EntityManager) => Promise<void>;
