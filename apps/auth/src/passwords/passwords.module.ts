import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { LoginAttemptsModule } from '../login-attempts/login-attempts.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { PasswordsHandler } from './passwords.handler';
import { PasswordsService } from './passwords.service';

@Module({
  imports: [UsersModule, SessionsModule, AccountLogModule, LoginAttemptsModule],
  controllers: [PasswordsHandler],
  providers: [PasswordsService],
})
export class PasswordsModule {}
