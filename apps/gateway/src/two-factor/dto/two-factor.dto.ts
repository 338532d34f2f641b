import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  PASSWORD_MAX_LENGTH,
  RECOVERY_CODE_COUNT,
  RecoveryCodesResponse,
  TOTP_CODE_PATTERN,
  TotpEnrolmentResponse,
  TWO_FACTOR_METHODS,
  TwoFactorMethod,
  TwoFactorStatusResponse,
} from '@roster/contracts';

export class TwoFactorStatusDto implements TwoFactorStatusResponse {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ enum: TWO_FACTOR_METHODS, nullable: true, type: String }) method!: TwoFactorMethod | null;
  @ApiProperty({ description: 'Unused recovery codes' }) recoveryCodesLeft!: number;
  @ApiProperty({ description: 'An enrolment was started and awaits its confirming code' })
  pendingEnrolment!: boolean;
}

export class TotpEnrolmentDto implements TotpEnrolmentResponse {
  @ApiProperty({
    description: 'Base32 secret, to type into an authenticator app',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret!: string;
  @ApiProperty({
    description: 'For a QR code',
    example:
      'otpauth://totp/Roster:ada%40example.com?secret=JBSW…&period=30&digits=6&algorithm=SHA1&issuer=Roster',
  })
  otpauthUri!: string;
}

export class TotpCodeDto {
  @ApiProperty({
    pattern: '^\\d{6}$',
    example: '123456',
    description: 'The code the authenticator app shows now',
  })
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code!: string;
}

export class RecoveryCodesDto implements RecoveryCodesResponse {
  @ApiProperty({
    type: [String],
    minItems: RECOVERY_CODE_COUNT,
    maxItems: RECOVERY_CODE_COUNT,
    description: 'Shown once; keep them safe. Each works once, in place of a TOTP code.',
    example: ['k7fq-2mxa-9prt-uc4e'],
  })
  recoveryCodes!: string[];
}

/** Proof that it is really you: the password, or a current TOTP code (a wrong one is 422 naming it). */
export class ReauthenticationDto {
  @ApiPropertyOptional({ maxLength: PASSWORD_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ pattern: '^\\d{6}$', description: 'A current TOTP code, instead of the password' })
  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: 'code must be 6 digits' })
  code?: string;
}
