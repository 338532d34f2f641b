import { Module } from '@nestjs/common';
import { AccountsHandler } from './accounts.handler';
import { AccountsService } from './accounts.service';
import { CompanyCreatedListener } from './listeners/company-created.listener';

@Module({
  controllers: [AccountsHandler],
  providers: [AccountsService, CompanyCreatedListener],
})
export class AccountsModule {}
