import { Module } from '@nestjs/common';
import { AccountLogHandler } from './account-log.handler';
import { AccountLogService } from './account-log.service';

@Module({
  controllers: [AccountLogHandler],
  providers: [AccountLogService],
  exports: [AccountLogService],
})
export class AccountLogModule {}
