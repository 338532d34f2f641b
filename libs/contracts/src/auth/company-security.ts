import { IsString, IsUUID, MaxLength } from 'class-validator';
import { defineRpc } from '../define';
import { PASSWORD_MAX_LENGTH } from './limits';

/** A company owner or admin acts on a member's credentials (admins not on owners). */
export class MemberRefRequest {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
}

/** Sets a member's password; every session of the member ends. */
export class SetMemberPasswordRequest extends MemberRefRequest {
  @IsString() @MaxLength(PASSWORD_MAX_LENGTH) newPassword!: string;
}
export const SetMemberPassword = defineRpc<SetMemberPasswordRequest, { revokedSessions: number }>(
  'auth.member-password.set.v1',
  SetMemberPasswordRequest,
);

/** Turns a member's two-factor authentication off (a lost device); they enrol again. */
export const ResetMemberTwoFactor = defineRpc<MemberRefRequest, { reset: boolean }>(
  'auth.member-two-factor.reset.v1',
  MemberRefRequest,
);

export class CompanyIdOnlyRequest {
  @IsUUID() companyId!: string;
}
export interface TwoFactorStatsResponse {
  companyId: string;
  /** Active members auth knows of (from directory's member events). */
  members: number;
  withTwoFactor: number;
  /** withTwoFactor / members, 0–100, rounded; 0 for no members. */
  adoptionPercent: number;
  enforced: boolean;
}
export const GetTwoFactorStats = defineRpc<CompanyIdOnlyRequest, TwoFactorStatsResponse>(
  'auth.two-factor-stats.get.v1',
  CompanyIdOnlyRequest,
);
