import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { KeysModule } from '../keys/keys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { OAuth2Handler } from './oauth2.handler';
import { OAuth2Service } from './oauth2.service';
import { OAuthAppsService } from './oauth-apps.service';

@Module({
  imports: [UsersModule, KeysModule, SessionsModule, AccountLogModule],
  controllers: [OAuth2Handler],
  providers: [OAuthAppsService, OAuth2Service],
})
export class OAuth2Module {}
