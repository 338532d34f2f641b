import { ArrayMinSize, IsArray, IsIn, IsISO8601, IsUUID } from 'class-validator';
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
] as const;
export type SessionRevocationReason = (typeof SESSION_REVOCATION_REASONS)[number];

/**
 * Sessions ended before their time. Every gateway replica follows this subject and refuses the
 * sessions' access tokens from then on (until their latest possible expiry), so a revocation takes
 * effect within about a second, not when the access token expires.
 */
export class SessionsRevokedData {
  @IsUUID() userId!: string;
  @IsArray() @ArrayMinSize(1) @IsUUID('all', { each: true }) sessionIds!: string[];
  @IsIn(SESSION_REVOCATION_REASONS) reason!: SessionRevocationReason;
  @IsISO8601() revokedAt!: string;
}
export const SessionsRevoked = defineEvent('auth.events.session.revoked', 1, SessionsRevokedData);
