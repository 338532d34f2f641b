import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { defineRpc } from '../define';
import { PASSWORD_MAX_LENGTH, TOTP_CODE_PATTERN } from './limits';

export const TWO_FACTOR_METHODS = ['totp'] as const;
export type TwoFactorMethod = (typeof TWO_FACTOR_METHODS)[number];

export interface TwoFactorStatusResponse {
  enabled: boolean;
  method: TwoFactorMethod | null;
  /** Unused recovery codes (0 while two-factor authentication is off). */
  recoveryCodesLeft: number;
  /** True between `StartTotpEnrolment` and `ConfirmTotpEnrolment`. */
  pendingEnrolment: boolean;
}

export class GetTwoFactorStatusRequest {}
export const GetTwoFactorStatus = defineRpc<GetTwoFactorStatusRequest, TwoFactorStatusResponse>(
  'auth.two-factor.get.v1',
  GetTwoFactorStatusRequest,
);

/** Starts (or restarts) a TOTP enrolment: a new secret, kept pending until confirmed with a code. */
export class StartTotpEnrolmentRequest {}
export interface TotpEnrolmentResponse {
  /** Base32 secret, for typing into an authenticator app. */
  secret: string;
  /** `otpauth://totp/Roster:<email>?secret=…&issuer=Roster`, for a QR code. */
  otpauthUri: string;
}
export const StartTotpEnrolment = defineRpc<StartTotpEnrolmentRequest, TotpEnrolmentResponse>(
  'auth.totp.enrol.v1',
  StartTotpEnrolmentRequest,
);

export class ConfirmTotpEnrolmentRequest {
  @IsString() @Matches(TOTP_CODE_PATTERN, { message: 'must be 6 digits' }) code!: string;
}
export interface RecoveryCodesResponse {
  /** Shown once: each works once, in place of a TOTP code. Only their hashes are kept. */
  recoveryCodes: string[];
}
export const ConfirmTotpEnrolment = defineRpc<ConfirmTotpEnrolmentRequest, RecoveryCodesResponse>(
  'auth.totp.confirm.v1',
  ConfirmTotpEnrolmentRequest,
);

/**
 * Proof of presence for sensitive two-factor changes: the account password or a current TOTP code
 * (at least one; a wrong one is `UNPROCESSABLE` naming the field).
 */
export class ReauthenticationRequest {
  @IsOptional() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password?: string;
  @IsOptional() @IsString() @Matches(TOTP_CODE_PATTERN, { message: 'must be 6 digits' }) code?: string;
}

export const RegenerateRecoveryCodes = defineRpc<ReauthenticationRequest, RecoveryCodesResponse>(
  'auth.recovery-codes.regenerate.v1',
  ReauthenticationRequest,
);

export const DisableTotp = defineRpc<ReauthenticationRequest, { disabled: true }>(
  'auth.totp.disable.v1',
  ReauthenticationRequest,
);
