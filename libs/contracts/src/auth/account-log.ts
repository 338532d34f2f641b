import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';

/** What lands in a user's account log (`GET /me/log`, filter `type`). */
export const ACCOUNT_LOG_TYPES = [
  'login_succeeded',
  'login_failed',
  'account_locked',
  'session_revoked',
  'password_changed',
  'password_reset_requested',
  'password_reset',
  'two_factor_enabled',
  'two_factor_disabled',
  'recovery_codes_regenerated',
  'recovery_code_used',
  'api_token_created',
  'api_token_updated',
  'api_token_deleted',
  'app_authorized',
  'app_revoked',
  'impersonated',
  'account_disabled',
  'account_enabled',
] as const;
export type AccountLogType = (typeof ACCOUNT_LOG_TYPES)[number];

export interface AccountLogEntryResponse {
  id: string;
  type: AccountLogType;
  occurredAt: string;
  ip: string | null;
  userAgent: string | null;
  /** Type-specific, never secret: e.g. `{ reason: 'password' }` for a failed login, `{ tokenId, name }`. */
  details: Record<string, unknown>;
}

export class ListMyAccountLogRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListMyAccountLog = defineRpc<ListMyAccountLogRequest, Page<AccountLogEntryResponse>>(
  'auth.account-log.list-mine.v1',
  ListMyAccountLogRequest,
);
