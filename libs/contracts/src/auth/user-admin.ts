import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent, defineRpc } from '../define';

/**
 * Platform-level account administration, for auth's platform operators (`PLATFORM_OPERATORS`). A disabled
 * account cannot log in (403 `ACCOUNT_DISABLED` after a correct password), its sessions are revoked (the
 * gateways deny their access tokens within a second), its refresh tokens, API tokens and OAuth grants stop
 * working; enabling it again lets it log in anew (revoked sessions stay revoked).
 */
export class UserStatusRequest {
  @IsUUID() userId!: string;
}
export interface UserStatusResponse {
  userId: string;
  status: 'active' | 'disabled';
  /** Sessions this call revoked (disable only). */
  revokedSessions?: number;
}
export const DisableUser = defineRpc<UserStatusRequest, UserStatusResponse>(
  'auth.user.disable.v1',
  UserStatusRequest,
);
export const EnableUser = defineRpc<UserStatusRequest, UserStatusResponse>(
  'auth.user.enable.v1',
  UserStatusRequest,
);

export class UserStatusChangedData {
  @IsUUID() userId!: string;
  @IsISO8601() at!: string;
}
export const UserDisabled = defineEvent('auth.events.user.disabled', 1, UserStatusChangedData);
export const UserEnabled = defineEvent('auth.events.user.enabled', 1, UserStatusChangedData);
