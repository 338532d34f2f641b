import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@roster/bootstrap';
import { ConfigModule } from '@roster/config';
import { MessagingModule } from '@roster/messaging';
import { DatabaseModule } from '@roster/persistence';
import { AccessModule } from './access/access.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { CompaniesModule } from './companies/companies.module';
import { ContactsModule } from './contacts/contacts.module';
import { DirectoryConfig } from './config/directory.config';
import { directoryDatabase } from './database/data-source';
import { MembersModule } from './members/members.module';
import { GroupsModule } from './groups/groups.module';
import { LabelsModule } from './labels/labels.module';
import { OrgUnitsModule } from './org-units/org-units.module';
import { ProfilesModule } from './profiles/profiles.module';
import { ProvidersModule } from './providers/providers.module';
import { StatisticsModule } from './statistics/statistics.module';
import { InvitationsModule } from './invitations/invitations.module';
import { SignupRequestsModule } from './signup-requests/signup-requests.module';
import { MemberImportModule } from './member-import/member-import.module';
import { DomainsModule } from './domains/domains.module';
import { ContactMethodsModule } from './contact-methods/contact-methods.module';

/** directory: profiles, companies and memberships. */
@Module({})
export class AppModule {
  static register(config: DirectoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot([[DirectoryConfig, config]]),
        DatabaseModule.forRoot(directoryDatabase),
        MessagingModule.forRoot({ context: 'directory', events: true }),
        HealthModule.forRoot({ database: true }),
        AccessModule,
        ProfilesModule,
        CompaniesModule,
        MembersModule,
        ProvidersModule,
        StatisticsModule,
        InvitationsModule,
        SignupRequestsModule,
        MemberImportModule,
        DomainsModule,
        ContactMethodsModule,
        OrgUnitsModule,
        GroupsModule,
        ContactsModule,
        LabelsModule,
        ApplicationsModule,
        AuditLogModule,
      ],
    };
  }
}
