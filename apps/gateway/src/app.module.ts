import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@roster/bootstrap';
import { ConfigModule } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { AccountLogModule } from './account-log/account-log.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { AuthModule } from './auth/auth.module';
import { AuthenticationModule } from './authentication/authentication.module';
import { BillingModule } from './billing/billing.module';
import { CompaniesModule } from './companies/companies.module';
import { HttpDrain } from './common/http-drain';
import { GatewayConfig } from './config/gateway.config';
import { ImpersonationModule } from './impersonation/impersonation.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { MeModule } from './me/me.module';
import { OAuth2Module } from './oauth2/oauth2.module';
import { PasswordsModule } from './passwords/passwords.module';
import { SessionsModule } from './sessions/sessions.module';
import { SsoModule } from './sso/sso.module';
import { TwoFactorModule } from './two-factor/two-factor.module';

/** The public HTTP edge: verifies tokens, validates input, forwards to the contexts over NATS. */
@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot([[GatewayConfig, config]]),
        MessagingModule.forRoot({ context: 'gateway', events: false }),
        HealthModule.forRoot({ database: false }),
        AuthenticationModule,
        AuthModule,
        MeModule,
        CompaniesModule,
        BillingModule,
        IntegrationsModule,
        PasswordsModule,
        SessionsModule,
        TwoFactorModule,
        ApiTokensModule,
        AccountLogModule,
        SsoModule,
        OAuth2Module,
        ImpersonationModule,
      ],
      providers: [HttpDrain],
    };
  }
}
