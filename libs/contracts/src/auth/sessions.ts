import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';

/** Is the caller's session (from the request's actor) still alive? `UNAUTHENTICATED` when not. */
export class CheckSessionRequest {
  @IsUUID() sessionId!: string;
}
export interface CheckSessionResponse {
  valid: true;
  userId: string;
  sessionId: string;
  /** When the session itself ends (its refresh tokens stop working). */
  expiresAt: string;
}
export const CheckSession = defineRpc<CheckSessionRequest, CheckSessionResponse>(
  'auth.session.check.v1',
  CheckSessionRequest,
);

export interface SessionResponse {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** True for the session the request was made with. */
  current: boolean;
}

/** The caller's live sessions (neither revoked nor expired). */
export class ListMySessionsRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListMySessions = defineRpc<ListMySessionsRequest, Page<SessionResponse>>(
  'auth.session.list-mine.v1',
  ListMySessionsRequest,
);

/** Revokes one of the caller's live sessions; `NOT_FOUND` for anyone else's (or an ended one). */
export class RevokeSessionRequest {
  @IsUUID() sessionId!: string;
}
export const RevokeSession = defineRpc<RevokeSessionRequest, { revoked: true }>(
  'auth.session.revoke.v1',
  RevokeSessionRequest,
);
