import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { defineRpc } from '../define';
import { EMAIL_MAX_LENGTH, OPAQUE_TOKEN_MAX_LENGTH, PASSWORD_MAX_LENGTH } from './limits';

/**
 * Changes the caller's password. A wrong current password is `UNPROCESSABLE` (422) naming
 * `currentPassword`; the new one follows the sign-up policy (`WEAK_PASSWORD` naming `newPassword`).
 * Every other session of the user is revoked.
 */
export class ChangePasswordRequest {
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) currentPassword!: string;
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) newPassword!: string;
}
export interface ChangePasswordResponse {
  changed: true;
  /** How many other sessions were ended. */
  revokedSessions: number;
}
export const ChangePassword = defineRpc<ChangePasswordRequest, ChangePasswordResponse>(
  'auth.password.change.v1',
  ChangePasswordRequest,
);

/** Always answers `{ accepted: true }`, whether or not the e-mail belongs to an account. */
export class ForgotPasswordRequest {
  @IsEmail() @MaxLength(EMAIL_MAX_LENGTH) email!: string;
}
export const ForgotPassword = defineRpc<ForgotPasswordRequest, { accepted: true }>(
  'auth.password.forgot.v1',
  ForgotPasswordRequest,
);

/**
 * Sets a new password with a reset token (single use). An unknown token is `VALIDATION_FAILED` (400)
 * naming `token`; a used or expired one is `GONE` (410). Every session of the user is revoked.
 */
export class ResetPasswordRequest {
  @IsString() @MinLength(16) @MaxLength(OPAQUE_TOKEN_MAX_LENGTH) token!: string;
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) newPassword!: string;
}
export const ResetPassword = defineRpc<ResetPasswordRequest, { reset: true }>(
  'auth.password.reset.v1',
  ResetPasswordRequest,
);

export class PasswordStrengthRequest {
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password!: string;
}
/** The AppsCo `info` flags (`upper_case`, `lower_case`, `digits`, `special_chars`, `length8`, `length16`, `entropy`), camel-cased. */
export interface PasswordStrengthFlags {
  hasUpperCase: boolean;
  hasLowerCase: boolean;
  hasDigits: boolean;
  hasSpecialChars: boolean;
  /** At least 8 characters. */
  minLength8: boolean;
  /** At least 16 characters. */
  minLength16: boolean;
  /** Estimated bits of entropy (length over the character classes used, repeats discounted). */
  entropyBits: number;
}
export interface PasswordStrengthResponse {
  /** 0 (useless) to 100 (strong). */
  score: number;
  flags: PasswordStrengthFlags;
  /** Whether sign-up, change and reset would accept it. */
  meetsPolicy: boolean;
  /** Why the policy refuses it (empty when it passes). */
  reasons: string[];
}
export const CheckPasswordStrength = defineRpc<PasswordStrengthRequest, PasswordStrengthResponse>(
  'auth.password.strength.v1',
  PasswordStrengthRequest,
);
