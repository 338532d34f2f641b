import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications.controller';
import { MyApplicationsController } from './my-applications.controller';

@Module({ controllers: [ApplicationsController, MyApplicationsController] })
export class ApplicationsModule {}
