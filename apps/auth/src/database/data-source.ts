import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@roster/messaging';
import { DatabaseOptions, postgresOptions } from '@roster/persistence';
import { SigningKeyEntity } from '../keys/signing-key.entity';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';
import { SessionEntity } from '../sessions/session.entity';
import { UserEntity } from '../users/user.entity';
import { CreateAuthTables1764000000100 } from './migrations/1764000000100-create-auth-tables';

/** Every entity and migration of the auth database, in order. */
export const authDatabase: DatabaseOptions = {
  entities: [UserEntity, SessionEntity, RefreshTokenEntity, SigningKeyEntity, ...MESSAGING_ENTITIES],
  migrations: [...MESSAGING_MIGRATIONS, CreateAuthTables1764000000100],
};

/** For the TypeORM CLI: `DATABASE_URL=... npx typeorm -d dist/.../data-source.js migration:show`. */
export default new DataSource(
  postgresOptions(process.env.DATABASE_URL ?? 'postgres://localhost/roster_auth', authDatabase),
);
