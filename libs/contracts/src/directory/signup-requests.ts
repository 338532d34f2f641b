import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { CompanyRole } from './limits';

export interface SignupRequestResponse {
  id: string;
  companyId: string;
  userId: string;
  email: string;
  createdAt: string;
}

export class CompanyJoinRequest {
  @IsUUID() companyId!: string;
}
/**
 * A signed-in user asks to join a company that verified the user's e-mail domain (any other company: 404).
 * With auto-join on the user joins at once (`joined`); otherwise an admin confirms the request (`pending`).
 * 409: already a member or already asked.
 */
export const RequestToJoinCompany = defineRpc<
  CompanyJoinRequest,
  | { status: 'joined'; companyId: string; role: CompanyRole }
  | { status: 'pending'; request: SignupRequestResponse }
>('directory.signup-request.create.v1', CompanyJoinRequest);

/** Companies that verified the caller's e-mail domain: where the caller may ask to join. */
export interface JoinableCompanyResponse {
  companyId: string;
  companyName: string;
  domain: string;
  autoJoin: boolean;
}
export class ListJoinableCompaniesRequest {}
export const ListJoinableCompanies = defineRpc<
  ListJoinableCompaniesRequest,
  { items: JoinableCompanyResponse[] }
>('directory.signup-request.list-joinable.v1', ListJoinableCompaniesRequest);

export class ListSignupRequestsRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListSignupRequests = defineRpc<ListSignupRequestsRequest, Page<SignupRequestResponse>>(
  'directory.signup-request.list.v1',
  ListSignupRequestsRequest,
);
export class SignupRequestIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() requestId!: string;
}
/** The requester becomes a member; 409 when no seat is left. */
export const ConfirmSignupRequest = defineRpc<
  SignupRequestIdRequest,
  { status: 'joined'; companyId: string; userId: string; role: CompanyRole }
>('directory.signup-request.confirm.v1', SignupRequestIdRequest);
export const DeleteSignupRequest = defineRpc<SignupRequestIdRequest, { deleted: true }>(
  'directory.signup-request.delete.v1',
  SignupRequestIdRequest,
);
