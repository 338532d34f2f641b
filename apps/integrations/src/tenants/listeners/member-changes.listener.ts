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
import { TenantsService } from '../tenants.service';

/** Who belongs where, so that an alert about a user (locked out, 2FA off) reaches that user's companies. */
@Injectable()
export class MemberChangesListener {
  constructor(private readonly tenants: TenantsService) {}

  @OnEvent(MemberAdded)
  added(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.tenants.applyMember(event.data, true, manager);
  }

  @OnEvent(MemberRemoved)
  removed(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.tenants.applyMember(event.data, false, manager);
  }

  @OnEvent(MemberRoleChanged)
  roleChanged(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.tenants.applyMember(event.data, event.data.status === 'active', manager);
  }

  @OnEvent(MemberDisabled)
  disabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.tenants.applyMember(event.data, false, manager);
  }

  @OnEvent(MemberEnabled)
  enabled(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.tenants.applyMember(event.data, true, manager);
  }
}
