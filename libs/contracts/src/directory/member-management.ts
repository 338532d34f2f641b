import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { MEMBER_STATUSES, MemberStatus } from './events';
import { COMPANY_ROLES, CompanyRole } from './limits';

export const BULK_REMOVE_MAX = 100;

export interface MemberResponse {
  companyId: string;
  userId: string;
  email: string;
  displayName: string;
  role: CompanyRole;
  status: MemberStatus;
  twoFactorEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An admin adds an existing user (by e-mail) directly; 404 for an unknown e-mail, 409 when already a member. */
export class AddMemberRequest {
  @IsUUID() companyId!: string;
  @IsEmail() @MaxLength(320) email!: string;
  @IsIn(COMPANY_ROLES) role!: CompanyRole;
}
export const AddMember = defineRpc<AddMemberRequest, MemberResponse>(
  'directory.member.add.v1',
  AddMemberRequest,
);

export class ListMembersRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListMembers = defineRpc<ListMembersRequest, Page<MemberResponse>>(
  'directory.member.list.v1',
  ListMembersRequest,
);

export class MemberRequest {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
}
export const GetMember = defineRpc<MemberRequest, MemberResponse>('directory.member.get.v1', MemberRequest);

export class UpdateMemberRequest {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
  @IsOptional() @IsIn(COMPANY_ROLES) role?: CompanyRole;
  @IsOptional() @IsIn(MEMBER_STATUSES) status?: MemberStatus;
}
export const UpdateMember = defineRpc<UpdateMemberRequest, MemberResponse>(
  'directory.member.update.v1',
  UpdateMemberRequest,
);

export const RemoveMember = defineRpc<MemberRequest, { removed: true }>(
  'directory.member.remove.v1',
  MemberRequest,
);

/** All or nothing: when one of them may not be removed, none is. */
export class BulkRemoveMembersRequest {
  @IsUUID() companyId!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_REMOVE_MAX)
  @IsUUID(undefined, { each: true })
  userIds!: string[];
}
export const BulkRemoveMembers = defineRpc<BulkRemoveMembersRequest, { removed: number }>(
  'directory.member.bulk-remove.v1',
  BulkRemoveMembersRequest,
);

export interface CanManageMemberResponse {
  companyId: string;
  userId: string;
  canManage: boolean;
  /** Why not, when `canManage` is false. */
  reason: string | null;
}
export const CanManageMember = defineRpc<MemberRequest, CanManageMemberResponse>(
  'directory.member.can-manage.v1',
  MemberRequest,
);

export const MEMBER_LOG_ACTIONS = ['added', 'removed', 'role_changed', 'disabled', 'enabled'] as const;
export type MemberLogAction = (typeof MEMBER_LOG_ACTIONS)[number];

export interface MemberLogEntryResponse {
  id: string;
  companyId: string;
  userId: string;
  action: MemberLogAction;
  role: CompanyRole;
  status: MemberStatus;
  previousRole: CompanyRole | null;
  /** The company's member-change sequence of this change. */
  sequence: number;
  /** `impersonatorId`, only under impersonation: who really acted as `id`. */
  actor: { type: string; id: string | null; impersonatorId?: string };
  ip: string | null;
  userAgent: string | null;
  at: string;
}
/** A member's log (owners/admins); kept after the member was removed. */
export class ListMemberLogRequest {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListMemberLog = defineRpc<ListMemberLogRequest, Page<MemberLogEntryResponse>>(
  'directory.member.list-log.v1',
  ListMemberLogRequest,
);
