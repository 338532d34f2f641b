import { Module } from '@nestjs/common';
import { GroupsHandler } from './groups.handler';
import { GroupsService } from './groups.service';
import { OrgMemberRemovedListener } from './listeners/member-removed.listener';

@Module({ controllers: [GroupsHandler], providers: [GroupsService, OrgMemberRemovedListener] })
export class GroupsModule {}
