import { Module } from '@nestjs/common';
import { ContactMethodsHandler } from './contact-methods.handler';
import { ContactMethodsService } from './contact-methods.service';

@Module({ controllers: [ContactMethodsHandler], providers: [ContactMethodsService] })
export class ContactMethodsModule {}
