import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@roster/bootstrap';
import { ConfigModule } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { AccountLogModule } from './account-log/account-log.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuthModule } from './auth/auth.module';
import { AuthenticationModule } from './authentication/authentication.module';
import { BillingModule } from './billing/billing.module';
import { CompaniesModule } from './companies/companies.module';
import { ContactsModule } from './contacts/contacts.module';
import { HttpDrain } from './common/http-drain';
import { GatewayConfig } from './config/gateway.config';
import { GroupsModule } from './groups/groups.module';
import { ImpersonationModule } from './impersonation/impersonation.module';
import { UserAdminModule } from './user-admin/user-admin.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { LabelsModule } from './labels/labels.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { RecipesModule } from './recipes/recipes.module';
import { MeModule } from './me/me.module';
import { MembersModule } from './members/members.module';
import { ProvidersModule } from './providers/providers.module';
import { StatisticsModule } from './statistics/statistics.module';
import { InvitationsModule } from './invitations/invitations.module';
import { DomainsModule } from './domains/domains.module';
import { MemberImportModule } from './member-import/member-import.module';
import { OrgUnitsModule } from './org-units/org-units.module';
import { OAuth2Module } from './oauth2/oauth2.module';
import { PasswordsModule } from './passwords/passwords.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
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
        RateLimitModule,
        AuthModule,
        MeModule,
        CompaniesModule,
        MembersModule,
        ProvidersModule,
        StatisticsModule,
        BillingModule,
        IntegrationsModule,
        WebhooksModule,
        RecipesModule,
        PasswordsModule,
        SessionsModule,
        TwoFactorModule,
        ApiTokensModule,
        AccountLogModule,
        InvitationsModule,
        DomainsModule,
        MemberImportModule,
        OrgUnitsModule,
        GroupsModule,
        ContactsModule,
        LabelsModule,
        ApplicationsModule,
        AuditLogModule,
        SsoModule,
        OAuth2Module,
        ImpersonationModule,
        UserAdminModule,
      ],
      providers: [HttpDrain],
    };
  }
}
