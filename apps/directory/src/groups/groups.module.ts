import { Module } from '@nestjs/common';
import { GroupsHandler } from './groups.handler';
import { GroupsService } from './groups.service';

@Module({ controllers: [GroupsHandler], providers: [GroupsService] })
export class GroupsModule {}
