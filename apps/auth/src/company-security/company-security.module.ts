import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { CompanyDirectoryListener } from './company-directory.listener';
import { CompanySecurityHandler } from './company-security.handler';
import { CompanySecurityService } from './company-security.service';

@Module({
  imports: [SessionsModule, UsersModule, AccountLogModule],
  controllers: [CompanySecurityHandler],
  providers: [CompanySecurityService, CompanyDirectoryListener],
})
export class CompanySecurityModule {}
