import { Module } from '@nestjs/common';
import { GroupsOfController } from './groups-of.controller';
import { GroupsController } from './groups.controller';

@Module({ controllers: [GroupsController, GroupsOfController] })
export class GroupsModule {}
