import { IsEmail, IsIn, IsInt, IsISO8601, IsString, IsUUID, Min } from 'class-validator';
import { defineEvent } from '../define';

/**
 * Someone asked to reset the password of an existing account; integrations e-mails the link.
 * It carries the raw single-use token (auth keeps only its SHA-256). That is acceptable only because
 * `AUTH_EVENTS` is an internal stream that never leaves the platform: consumers must not log or
 * persist `token`, and the stream's access must stay limited to our own services.
 */
export class PasswordResetRequestedData {
  @IsUUID() userId!: string;
  @IsEmail() email!: string;
  @IsString() token!: string;
  @IsISO8601() expiresAt!: string;
}
export const PasswordResetRequested = defineEvent(
  'auth.events.password_reset.requested',
  1,
  PasswordResetRequestedData,
);

export const PASSWORD_CHANGE_VIAS = ['change', 'reset'] as const;
export type PasswordChangeVia = (typeof PASSWORD_CHANGE_VIAS)[number];

/** A password was changed by its owner (`change`) or through a reset link (`reset`). */
export class PasswordChangedData {
  @IsUUID() userId!: string;
  @IsIn(PASSWORD_CHANGE_VIAS) via!: PasswordChangeVia;
  @IsISO8601() changedAt!: string;
  /** Sessions ended by the change (all others for `change`, all for `reset`). */
  @IsInt() @Min(0) revokedSessions!: number;
}
export const PasswordChanged = defineEvent('auth.events.password.changed', 1, PasswordChangedData);
