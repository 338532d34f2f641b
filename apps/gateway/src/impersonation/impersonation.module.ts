import { Module } from '@nestjs/common';
import { ImpersonationController } from './impersonation.controller';

@Module({ controllers: [ImpersonationController] })
export class ImpersonationModule {}
