import { Module } from '@nestjs/common';
import { OrgUnitsHandler } from './org-units.handler';
import { OrgUnitsService } from './org-units.service';

@Module({ controllers: [OrgUnitsHandler], providers: [OrgUnitsService] })
export class OrgUnitsModule {}
