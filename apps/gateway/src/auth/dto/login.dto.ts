import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  RECOVERY_CODE_MAX_LENGTH,
  TOTP_CODE_PATTERN,
} from '@roster/contracts';

export class LoginDto {
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX_LENGTH })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;

  @ApiProperty({ maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiPropertyOptional({
    pattern: '^\\d{6}$',
    example: '123456',
    description:
      'Current code of the authenticator app; needed once two-factor authentication is on (else 401 second-factor-required). Each code works once.',
  })
  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE_PATTERN, { message: 'totpCode must be 6 digits' })
  totpCode?: string;

  @ApiPropertyOptional({
    maxLength: RECOVERY_CODE_MAX_LENGTH,
    example: 'k7fq-2mxa-9prt-uc4e',
    description: 'One of your single-use recovery codes, instead of totpCode',
  })
  @IsOptional()
  @IsString()
  @MaxLength(RECOVERY_CODE_MAX_LENGTH)
  recoveryCode?: string;
}
