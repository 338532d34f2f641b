import { Module } from '@nestjs/common';
import { AccountLogModule } from '../account-log/account-log.module';
import { AuthConfig } from '../config/auth.config';
import { LoginAttemptsModule } from '../login-attempts/login-attempts.module';
import { UsersModule } from '../users/users.module';
import { SecondFactorVerifier } from './second-factor.verifier';
import { SecretBox } from './secret-box';
import { TwoFactorHandler } from './two-factor.handler';
import { TwoFactorService } from './two-factor.service';

@Module({
  imports: [UsersModule, AccountLogModule, LoginAttemptsModule],
  controllers: [TwoFactorHandler],
  providers: [
    TwoFactorService,
    SecondFactorVerifier,
    {
      provide: SecretBox,
      inject: [AuthConfig],
      useFactory: (config: AuthConfig) =>
        new SecretBox(
          config.TOTP_ENCRYPTION_KEY ? Buffer.from(config.TOTP_ENCRYPTION_KEY, 'base64') : undefined,
        ),
    },
  ],
  exports: [SecondFactorVerifier],
})
export class TwoFactorModule {}
