import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { KeysModule } from '../keys/keys.module';
import { LoginAttemptsModule } from '../login-attempts/login-attempts.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { LoginLookup } from './login-lookup';
import { LoginService } from './login.service';
import { SessionsHandler } from './sessions.handler';
import { SessionsService } from './sessions.service';

@Module({
  imports: [UsersModule, KeysModule, AccountLogModule, LoginAttemptsModule, TwoFactorModule],
  controllers: [SessionsHandler],
  providers: [SessionsService, LoginService, LoginLookup],
  exports: [SessionsService],
})
export class SessionsModule {}
