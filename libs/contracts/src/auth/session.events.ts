import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { defineEvent } from '../define';

export const SESSION_REVOCATION_REASONS = [
  'logout',
  'revoked_by_user',
  'password_changed',
  'password_reset',
  'refresh_token_reuse',
  'impersonation_ended',
  'app_revoked',
  'app_deactivated',
  'code_reuse',
  'client_secret_reset',
  'user_disabled',
  'member_disabled',
  'member_removed',
] as const;
export type SessionRevocationReason = (typeof SESSION_REVOCATION_REASONS)[number];

/**
 * Sessions ended before their time. Every gateway replica follows this subject and refuses the
 * sessions' access tokens from then on (until their latest possible expiry), so a revocation takes
 * effect within about a second, not when the access token expires.
 */
export class SessionsRevokedData {
  /** The sessions' user; absent when the revoked credential is an application's own (`clientId`). */
  @ValidateIf((o: SessionsRevokedData) => o.clientId === undefined) @IsUUID() userId?: string;
  /** For an OAuth application's `client_credentials` tokens: the application (sessionIds: its credential id). */
  @IsOptional() @IsString() @MaxLength(64) clientId?: string;
  @IsArray() @ArrayMinSize(1) @IsUUID('all', { each: true }) sessionIds!: string[];
  @IsIn(SESSION_REVOCATION_REASONS) reason!: SessionRevocationReason;
  @IsISO8601() revokedAt!: string;
}
export const SessionsRevoked = defineEvent('auth.events.session.revoked', 1, SessionsRevokedData);
