import { Module } from '@nestjs/common';
import { ApplicationsHandler } from './applications.handler';
import { ApplicationsService } from './applications.service';

@Module({ controllers: [ApplicationsHandler], providers: [ApplicationsService] })
export class ApplicationsModule {}
