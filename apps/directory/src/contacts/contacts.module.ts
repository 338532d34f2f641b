import { Module } from '@nestjs/common';
import { InvitationsModule } from '../invitations/invitations.module';
import { ContactsHandler } from './contacts.handler';
import { ContactsService } from './contacts.service';
import { ContactMemberAddedListener } from './listeners/member-added.listener';

@Module({
  imports: [InvitationsModule],
  controllers: [ContactsHandler],
  providers: [ContactsService, ContactMemberAddedListener],
})
export class ContactsModule {}
