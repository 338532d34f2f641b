import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EventEnvelope,
  MemberAdded,
  MemberChangeData,
  MemberDisabled,
  MemberEnabled,
  MemberRemoved,
  MemberRoleChanged,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { SeatsService } from '../seats.service';

/** Every member change moves the per-user sequence; only changes of active/not active move seats. */
@Injectable()
export class MemberEventsListener {
  constructor(private readonly seats: SeatsService) {}

  @OnEvent(MemberAdded)
  added(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.seats.apply(event, false, manager);
  }

  @OnEvent(MemberRemoved)
  removed(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.seats.apply(event, true, manager);
  }

  @OnEvent(MemberDisabled)
  disabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.seats.apply(event, false, manager);
  }

  @OnEvent(MemberEnabled)
  enabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.seats.apply(event, false, manager);
  }

  @OnEvent(MemberRoleChanged)
  roleChanged(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.seats.apply(event, false, manager);
  }
}
