import { Module } from '@nestjs/common';
import { OrgUnitsController } from './org-units.controller';

@Module({ controllers: [OrgUnitsController] })
export class OrgUnitsModule {}
