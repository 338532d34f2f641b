import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { COMPANY_ROLES, CompanyRole } from './limits';

export const INVITATION_STATUSES = ['pending', 'accepted', 'rejected', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export interface InvitationResponse {
  id: string;
  companyId: string;
  email: string;
  role: CompanyRole;
  status: InvitationStatus;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  resentAt: string | null;
  resendCount: number;
  respondedAt: string | null;
}

/** What the invitee sees of an invitation addressed to them. */
export interface MyInvitationResponse {
  id: string;
  companyId: string;
  companyName: string;
  role: CompanyRole;
  invitedByName: string | null;
  createdAt: string;
  expiresAt: string;
}

export class CreateInvitationRequest {
  @IsUUID() companyId!: string;
  @IsEmail() @MaxLength(254) email!: string;
  @IsIn(COMPANY_ROLES) role!: CompanyRole;
}
/** 409: already a member, already invited, or no seat left; 403: only owners invite owners. */
export const CreateInvitation = defineRpc<CreateInvitationRequest, InvitationResponse>(
  'directory.invitation.create.v1',
  CreateInvitationRequest,
);

export class ListInvitationsRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListInvitations = defineRpc<ListInvitationsRequest, Page<InvitationResponse>>(
  'directory.invitation.list.v1',
  ListInvitationsRequest,
);

export class InvitationIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() invitationId!: string;
}
export const GetInvitation = defineRpc<InvitationIdRequest, InvitationResponse>(
  'directory.invitation.get.v1',
  InvitationIdRequest,
);
/** A new token and expiry, e-mailed again; 429 when resent too often; 409 when no longer pending. */
export const ResendInvitation = defineRpc<InvitationIdRequest, InvitationResponse>(
  'directory.invitation.resend.v1',
  InvitationIdRequest,
);
export const RevokeInvitation = defineRpc<InvitationIdRequest, { revoked: true }>(
  'directory.invitation.revoke.v1',
  InvitationIdRequest,
);

export class ListMyInvitationsRequest {}
/** Pending, unexpired invitations addressed to the caller's e-mail. */
export const ListMyInvitations = defineRpc<ListMyInvitationsRequest, { items: MyInvitationResponse[] }>(
  'directory.invitation.list-mine.v1',
  ListMyInvitationsRequest,
);
export class ListMyInvitationsPageRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
/** v2: the same invitations with the list grammar (sort, filter, paging) and the total. */
export const ListMyInvitationsPage = defineRpc<ListMyInvitationsPageRequest, Page<MyInvitationResponse>>(
  'directory.invitation.list-mine.v2',
  ListMyInvitationsPageRequest,
);
export class MyInvitationIdRequest {
  @IsUUID() invitationId!: string;
}
export interface InvitationAcceptedResponse {
  status: 'accepted';
  companyId: string;
  role: CompanyRole;
}
export const AcceptMyInvitation = defineRpc<MyInvitationIdRequest, InvitationAcceptedResponse>(
  'directory.invitation.accept-mine.v1',
  MyInvitationIdRequest,
);
export const RejectMyInvitation = defineRpc<MyInvitationIdRequest, { status: 'rejected' }>(
  'directory.invitation.reject-mine.v1',
  MyInvitationIdRequest,
);

export class InvitationTokenRequest {
  @IsString() @Length(20, 200) token!: string;
}
/**
 * With the token from the e-mail. A signed-in caller joins at once. Anonymous: when an account with the
 * invited e-mail exists it joins; otherwise the invitation waits for that e-mail to sign up (status
 * `awaiting_signup`). 404: unknown token; 410: expired, revoked or already used.
 */
export const AcceptInvitationByToken = defineRpc<
  InvitationTokenRequest,
  InvitationAcceptedResponse | { status: 'awaiting_signup'; companyId: string; email: string }
>('directory.invitation.accept-token.v1', InvitationTokenRequest);
