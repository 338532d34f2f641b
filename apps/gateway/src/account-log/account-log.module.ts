import { Module } from '@nestjs/common';
import { AccountLogController } from './account-log.controller';

@Module({ controllers: [AccountLogController] })
export class AccountLogModule {}
