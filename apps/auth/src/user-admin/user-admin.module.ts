import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UserAdminHandler } from './user-admin.handler';
import { UserAdminService } from './user-admin.service';

@Module({
  imports: [SessionsModule, AccountLogModule],
  controllers: [UserAdminHandler],
  providers: [UserAdminService],
})
export class UserAdminModule {}
