import { IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { defineRpc } from '../define';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, RECOVERY_CODE_MAX_LENGTH, TOTP_CODE_PATTERN } from './limits';
import type { TokenPair } from './token-pair';

export class LoginRequest {
  @IsEmail() @MaxLength(EMAIL_MAX_LENGTH) email!: string;
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password!: string;
  /** The current code of the authenticator app, when two-factor authentication is on. */
  @IsOptional() @IsString() @Matches(TOTP_CODE_PATTERN, { message: 'must be 6 digits' }) totpCode?: string;
  /** One of the single-use recovery codes, instead of `totpCode`. */
  @IsOptional() @IsString() @MaxLength(RECOVERY_CODE_MAX_LENGTH) recoveryCode?: string;
}

/**
 * Password login. With two-factor authentication on, a login without a second factor answers
 * `SECOND_FACTOR_REQUIRED` (401), a wrong one `INVALID_SECOND_FACTOR` (401); too many failures answer
 * `RATE_LIMITED` (429) before the password is even looked at.
 */
export const Login = defineRpc<LoginRequest, TokenPair>('auth.session.login.v1', LoginRequest);
