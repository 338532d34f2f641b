import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@roster/messaging';
import { DatabaseOptions, postgresOptions } from '@roster/persistence';
import { CompanyEntity } from '../companies/company.entity';
import { MembershipEntity } from '../companies/membership.entity';
import { OwnershipTransferEntity } from '../companies/ownership-transfer.entity';
import { MemberLogEntity } from '../members/member-log.entity';
import { ProfileEntity } from '../profiles/profile.entity';
import { ProviderAdministratorEntity } from '../providers/provider-administrator.entity';
import { ProviderEntity } from '../providers/provider.entity';
import { CompanySubscriptionEntity } from '../statistics/company-subscription.entity';
import { UserTwoFactorEntity } from '../statistics/user-two-factor.entity';
import { CreateDirectoryTables1764000000200 } from './migrations/1764000000200-create-directory-tables';
import { CreateOrgTables1796000000300 } from './migrations/1796000000300-create-org-tables';
import { DirectoryCore1796000000100 } from './migrations/1796000000100-directory-core';
import { PeopleTables1796000000200 } from './migrations/1796000000200-people-tables';
import { CompanyPurge1797000200000 } from './migrations/1797000200000-company-purge';
import { VerifiedEmailIndex1797000200100 } from './migrations/1797000200100-verified-email-index';
import { CreateIdempotencyKeys1797000400000 } from './migrations/1797000400000-create-idempotency-keys';
import { MemberListIndex1797000500000 } from './migrations/1797000500000-member-list-index';
import { AddAuditImpersonator1797000100001 } from './migrations/1797000100001-add-audit-impersonator';
import { AddMemberLogImpersonator1797000100002 } from './migrations/1797000100002-add-member-log-impersonator';
import { ProfilePictureEntity } from '../profiles/profile-picture.entity';
import { ContactMethodEntity } from '../contact-methods/contact-method.entity';
import { InvitationEntity } from '../invitations/invitation.entity';
import { SignupRequestEntity } from '../signup-requests/signup-request.entity';
import { CompanyDomainEntity } from '../domains/company-domain.entity';

export const directoryDatabase: DatabaseOptions = {
  entities: [
    ProfileEntity,
    CompanyEntity,
    MembershipEntity,
    OwnershipTransferEntity,
    MemberLogEntity,
    ProviderEntity,
    ProviderAdministratorEntity,
    UserTwoFactorEntity,
    CompanySubscriptionEntity,
    ProfilePictureEntity,
    ContactMethodEntity,
    InvitationEntity,
    SignupRequestEntity,
    CompanyDomainEntity,
    ...MESSAGING_ENTITIES,
  ],
  migrations: [
    ...MESSAGING_MIGRATIONS,
    CreateDirectoryTables1764000000200,
    DirectoryCore1796000000100,
    PeopleTables1796000000200,
    CreateOrgTables1796000000300,
    CompanyPurge1797000200000,
    VerifiedEmailIndex1797000200100,
    CreateIdempotencyKeys1797000400000,
    AddAuditImpersonator1797000100001,
    AddMemberLogImpersonator1797000100002,
    MemberListIndex1797000500000,
  ],
};

export default new DataSource(
  postgresOptions(process.env.DATABASE_URL ?? 'postgres://localhost/roster_directory', directoryDatabase),
);
