import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@roster/bootstrap';
import { ConfigModule } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { DatabaseModule } from '@roster/persistence';
import { AccountLogModule } from './account-log/account-log.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { CompanySecurityModule } from './company-security/company-security.module';
import { AuthConfig } from './config/auth.config';
import { authDatabase } from './database/data-source';
import { ImpersonationModule } from './impersonation/impersonation.module';
import { KeysModule } from './keys/keys.module';
import { LoginAttemptsModule } from './login-attempts/login-attempts.module';
import { OAuth2Module } from './oauth2/oauth2.module';
import { PasswordsModule } from './passwords/passwords.module';
import { SessionsModule } from './sessions/sessions.module';
import { SsoModule } from './sso/sso.module';
import { TwoFactorModule } from './two-factor/two-factor.module';
import { UserAdminModule } from './user-admin/user-admin.module';
import { UsersModule } from './users/users.module';

/** auth: credentials, sessions and tokens. */
@Module({})
export class AppModule {
  static register(config: AuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot([[AuthConfig, config]]),
        DatabaseModule.forRoot(authDatabase),
        MessagingModule.forRoot({ context: 'auth', events: true }),
        HealthModule.forRoot({ database: true }),
        UsersModule,
        KeysModule,
        SessionsModule,
        LoginAttemptsModule,
        AccountLogModule,
        PasswordsModule,
        TwoFactorModule,
        ApiTokensModule,
        SsoModule,
        OAuth2Module,
        ImpersonationModule,
        CompanySecurityModule,
        UserAdminModule,
      ],
    };
  }
}
