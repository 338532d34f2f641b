import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@roster/messaging';
import { DatabaseOptions, postgresOptions } from '@roster/persistence';
import { AccountLogEntryEntity } from '../account-log/account-log-entry.entity';
import { ApiTokenEntity } from '../api-tokens/api-token.entity';
import { SigningKeyEntity } from '../keys/signing-key.entity';
import { AccountLockEntity } from '../login-attempts/account-lock.entity';
import { LoginAttemptEntity } from '../login-attempts/login-attempt.entity';
import { OAuthClientEntity } from '../oauth2/oauth-client.entity';
import { PasswordResetTokenEntity } from '../passwords/password-reset-token.entity';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';
import { SessionEntity } from '../sessions/session.entity';
import { RecoveryCodeEntity } from '../two-factor/recovery-code.entity';
import { SsoDomainEntity } from '../sso/sso-domain.entity';
import { TotpFactorEntity } from '../two-factor/totp-factor.entity';
import { UserEntity } from '../users/user.entity';
import { CreateAuthTables1764000000100 } from './migrations/1764000000100-create-auth-tables';
import { CreateLoginAttempts1795574037500 } from './migrations/1795574037500-create-login-attempts';
import { CreateAccountLog1795574037501 } from './migrations/1795574037501-create-account-log';
import { CreatePasswordResetTokens1795574037502 } from './migrations/1795574037502-create-password-reset-tokens';
import { CreateTwoFactorTables1795574037503 } from './migrations/1795574037503-create-two-factor-tables';
import { CreateApiTokens1795574037504 } from './migrations/1795574037504-create-api-tokens';
import { CreateAccountLocks1796000000700 } from './migrations/1796000000700-create-account-locks';
import { CreateSsoDomains1796000000701 } from './migrations/1796000000701-create-sso-domains';
import { CreateOAuth2Tables1796000000702 } from './migrations/1796000000702-create-oauth2-tables';
import { CreateCompanySecurity1796000000703 } from './migrations/1796000000703-create-company-security';
import { CreateOAuthAppCertificates1796000000704 } from './migrations/1796000000704-create-oauth-app-certificates';
import { AddOAuthClientCredentials1797000100000 } from './migrations/1797000100000-add-oauth-client-credentials';
import { AddOAuthClientId1797000200000 } from './migrations/1797000200000-add-oauth-client-id';

/** Every entity and migration of the auth database, in order. */
export const authDatabase: DatabaseOptions = {
  entities: [
    UserEntity,
    SessionEntity,
    RefreshTokenEntity,
    SigningKeyEntity,
    LoginAttemptEntity,
    AccountLogEntryEntity,
    PasswordResetTokenEntity,
    TotpFactorEntity,
    RecoveryCodeEntity,
    ApiTokenEntity,
    AccountLockEntity,
    SsoDomainEntity,
    OAuthClientEntity,
    ...MESSAGING_ENTITIES,
  ],
  migrations: [
    ...MESSAGING_MIGRATIONS,
    CreateAuthTables1764000000100,
    CreateLoginAttempts1795574037500,
    CreateAccountLog1795574037501,
    CreatePasswordResetTokens1795574037502,
    CreateTwoFactorTables1795574037503,
    CreateApiTokens1795574037504,
    CreateAccountLocks1796000000700,
    CreateSsoDomains1796000000701,
    CreateOAuth2Tables1796000000702,
    CreateCompanySecurity1796000000703,
    CreateOAuthAppCertificates1796000000704,
    AddOAuthClientCredentials1797000100000,
    AddOAuthClientId1797000200000,
  ],
};

/** For the TypeORM CLI: `DATABASE_URL=... npx typeorm -d dist/.../data-source.js migration:show`. */
export default new DataSource(
  postgresOptions(process.env.DATABASE_URL ?? 'postgres://localhost/roster_auth', authDatabase),
);
