import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { parseEncryptionKeys, SecretCipher } from '@roster/security';
import { AuthConfig } from '../config/auth.config';
import { LoginAttemptsModule } from '../login-attempts/login-attempts.module';
import { UsersModule } from '../users/users.module';
import { SecondFactorVerifier } from './second-factor.verifier';
import { TwoFactorHandler } from './two-factor.handler';
import { TwoFactorService } from './two-factor.service';

@Module({
  imports: [UsersModule, AccountLogModule, LoginAttemptsModule],
  controllers: [TwoFactorHandler],
  providers: [
    TwoFactorService,
    SecondFactorVerifier,
    {
      provide: SecretCipher,
      inject: [AuthConfig],
      useFactory: (config: AuthConfig) =>
        new SecretCipher(parseEncryptionKeys(config.AUTH_ENCRYPTION_KEYS, 'AUTH_ENCRYPTION_KEYS')),
    },
  ],
  exports: [SecondFactorVerifier],
})
export class TwoFactorModule {}
