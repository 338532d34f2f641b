import { IsUUID } from 'class-validator';
import { defineRpc } from '../define';

export class CountCompanySeatsRequest {
  @IsUUID() companyId!: string;
}
export interface CompanySeatsResponse {
  companyId: string;
  /** Active (not disabled) members right now. */
  activeSeats: number;
  /** The company's member-change sequence at the moment of the count (see MemberChangeData). */
  sequence: number;
}
/** For billing's reconciliation: the authoritative seat count, recomputed from the member list. */
export const CountCompanySeats = defineRpc<CountCompanySeatsRequest, CompanySeatsResponse>(
  'directory.member.count-seats.v1',
  CountCompanySeatsRequest,
);

/** For integrations' recipes: add or remove a member in a group, on behalf of the company (service actor). */
export class GroupMembershipCommand {
  @IsUUID() companyId!: string;
  @IsUUID() groupId!: string;
  @IsUUID() userId!: string;
}
export const AddGroupMemberBySystem = defineRpc<GroupMembershipCommand, { groupId: string; userId: string }>(
  'directory.group.add-member-system.v1',
  GroupMembershipCommand,
);
export const RemoveGroupMemberBySystem = defineRpc<
  GroupMembershipCommand,
  { groupId: string; userId: string }
>('directory.group.remove-member-system.v1', GroupMembershipCommand);
