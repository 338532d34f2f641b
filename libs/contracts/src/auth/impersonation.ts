import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent, defineRpc } from '../define';
import { API_SCOPES } from './scopes';

/** An impersonation token may do what the member's API scopes allow, never manage credentials. */
export const IMPERSONATION_SCOPES = API_SCOPES;
/** Impersonation tokens last at most this long (and never longer than an access token). */
export const IMPERSONATION_MAX_SECONDS = 3600;

/** A company owner or admin acts as a member of that company (not an owner, when an admin asks). */
export class StartImpersonationRequest {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
}
export interface ImpersonationResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  /** The impersonation session; end it with `POST /auth/impersonation/end` (using this token). */
  sessionId: string;
  userId: string;
  impersonatorId: string;
  companyId: string;
}
export const StartImpersonation = defineRpc<StartImpersonationRequest, ImpersonationResponse>(
  'auth.impersonation.start.v1',
  StartImpersonationRequest,
);

/** Ends the impersonation the calling token belongs to. */
export class EndImpersonationRequest {}
export const EndImpersonation = defineRpc<EndImpersonationRequest, { ended: true }>(
  'auth.impersonation.end.v1',
  EndImpersonationRequest,
);

/**
 * For the audit log: from now until `expiresAt` (or ImpersonationEnded), requests whose actor has
 * `sessionId` are made by `impersonatorId` acting as `userId`.
 */
export class ImpersonationStartedData {
  @IsUUID() sessionId!: string;
  @IsUUID() companyId!: string;
  @IsUUID() impersonatorId!: string;
  @IsUUID() userId!: string;
  @IsISO8601() startedAt!: string;
  @IsISO8601() expiresAt!: string;
}
export const ImpersonationStarted = defineEvent(
  'auth.events.impersonation.started',
  1,
  ImpersonationStartedData,
);

export class ImpersonationEndedData {
  @IsUUID() sessionId!: string;
  @IsUUID() companyId!: string;
  @IsUUID() impersonatorId!: string;
  @IsUUID() userId!: string;
  @IsISO8601() endedAt!: string;
}
export const ImpersonationEnded = defineEvent('auth.events.impersonation.ended', 1, ImpersonationEndedData);
