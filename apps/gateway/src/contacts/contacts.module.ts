import { Module } from '@nestjs/common';
import { csvBodyParser } from '../common/csv-body';
import { ContactsController } from './contacts.controller';

@Module({ controllers: [ContactsController], providers: [csvBodyParser()] })
export class ContactsModule {}
