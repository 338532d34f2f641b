import { Module } from '@nestjs/common';
import { ContactsHandler } from './contacts.handler';
import { ContactsService } from './contacts.service';
import { ContactMemberAddedListener } from './listeners/member-added.listener';

@Module({ controllers: [ContactsHandler], providers: [ContactsService, ContactMemberAddedListener] })
export class ContactsModule {}
