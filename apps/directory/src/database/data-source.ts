import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@roster/messaging';
import { DatabaseOptions, postgresOptions } from '@roster/persistence';
import { CompanyEntity } from '../companies/company.entity';
import { MembershipEntity } from '../companies/membership.entity';
import { ProfileEntity } from '../profiles/profile.entity';
import { CreateDirectoryTables1764000000200 } from './migrations/1764000000200-create-directory-tables';
import { CreateOrgTables1796000000300 } from './migrations/1796000000300-create-org-tables';

export const directoryDatabase: DatabaseOptions = {
  entities: [ProfileEntity, CompanyEntity, MembershipEntity, ...MESSAGING_ENTITIES],
  migrations: [...MESSAGING_MIGRATIONS, CreateDirectoryTables1764000000200, CreateOrgTables1796000000300],
};

export default new DataSource(
  postgresOptions(process.env.DATABASE_URL ?? 'postgres://localhost/roster_directory', directoryDatabase),
);
