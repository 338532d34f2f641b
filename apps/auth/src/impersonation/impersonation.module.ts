import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { ImpersonationHandler } from './impersonation.handler';
import { ImpersonationService } from './impersonation.service';

@Module({
  imports: [SessionsModule, UsersModule, AccountLogModule],
  controllers: [ImpersonationHandler],
  providers: [ImpersonationService],
})
export class ImpersonationModule {}
