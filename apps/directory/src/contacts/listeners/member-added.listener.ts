import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, MemberAdded, MemberChangeData } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { ContactsService } from '../contacts.service';

/** A new member may be a contact waiting for conversion: link them, in the transaction that adds the member. */
@Injectable()
export class ContactMemberAddedListener {
  constructor(private readonly contacts: ContactsService) {}

  @OnEvent(MemberAdded, { consumer: 'contacts', inTransaction: true })
  handle(event: EventEnvelope<MemberChangeData>, manager: EntityManager) {
    return this.contacts.linkJoinedMember(event, manager);
  }
}
