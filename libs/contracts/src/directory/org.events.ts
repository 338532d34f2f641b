import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { defineEvent } from '../define';
import { CONTACT_STATUSES, ContactStatus, LINK_KINDS, LinkKind, SIGN_IN_METHODS, SignInMethod } from './org';

/** Org units: created, updated (renamed / described), moved, deleted (with how many units went). */
export class OrgUnitChangedData {
  @IsUUID() companyId!: string;
  @IsUUID() orgUnitId!: string;
  @IsString() @MaxLength(200) name!: string;
  @IsOptional() @IsUUID() parentId!: string | null;
  @IsOptional() @IsInt() @Min(0) deletedCount?: number;
}
export const OrgUnitCreated = defineEvent('directory.events.org_unit.created', 1, OrgUnitChangedData);
export const OrgUnitUpdated = defineEvent('directory.events.org_unit.updated', 1, OrgUnitChangedData);
export const OrgUnitMoved = defineEvent('directory.events.org_unit.moved', 1, OrgUnitChangedData);
export const OrgUnitDeleted = defineEvent('directory.events.org_unit.deleted', 1, OrgUnitChangedData);

/** A member or an application assigned to / removed from an org unit. `userId` is set for members. */
export class OrgUnitLinkData {
  @IsUUID() companyId!: string;
  @IsUUID() orgUnitId!: string;
  @IsIn(LINK_KINDS) kind!: LinkKind;
  @IsUUID() targetId!: string;
  @IsOptional() @IsUUID() userId?: string;
}
export const OrgUnitMemberAdded = defineEvent('directory.events.org_unit.member_added', 1, OrgUnitLinkData);
export const OrgUnitMemberRemoved = defineEvent(
  'directory.events.org_unit.member_removed',
  1,
  OrgUnitLinkData,
);
export const OrgUnitApplicationAdded = defineEvent(
  'directory.events.org_unit.application_added',
  1,
  OrgUnitLinkData,
);
export const OrgUnitApplicationRemoved = defineEvent(
  'directory.events.org_unit.application_removed',
  1,
  OrgUnitLinkData,
);

export class GroupChangedData {
  @IsUUID() companyId!: string;
  @IsUUID() groupId!: string;
  @IsString() @MaxLength(200) name!: string;
  @IsOptional() @IsUUID() parentId!: string | null;
}
export const GroupCreated = defineEvent('directory.events.group.created', 1, GroupChangedData);
export const GroupUpdated = defineEvent('directory.events.group.updated', 1, GroupChangedData);
export const GroupMoved = defineEvent('directory.events.group.moved', 1, GroupChangedData);
export const GroupDeleted = defineEvent('directory.events.group.deleted', 1, GroupChangedData);

/** kind `member` or `leader` (with userId), `contact` or `application`. */
export class GroupLinkData {
  @IsUUID() companyId!: string;
  @IsUUID() groupId!: string;
  @IsIn(LINK_KINDS) kind!: LinkKind;
  @IsUUID() targetId!: string;
  @IsOptional() @IsUUID() userId?: string;
}
export const GroupMemberAdded = defineEvent('directory.events.group.member_added', 1, GroupLinkData);
export const GroupMemberRemoved = defineEvent('directory.events.group.member_removed', 1, GroupLinkData);
export const GroupContactAdded = defineEvent('directory.events.group.contact_added', 1, GroupLinkData);
export const GroupContactRemoved = defineEvent('directory.events.group.contact_removed', 1, GroupLinkData);
export const GroupApplicationAdded = defineEvent(
  'directory.events.group.application_added',
  1,
  GroupLinkData,
);
export const GroupApplicationRemoved = defineEvent(
  'directory.events.group.application_removed',
  1,
  GroupLinkData,
);

export class ContactChangedData {
  @IsUUID() companyId!: string;
  @IsUUID() contactId!: string;
  @IsEmail() email!: string;
  @IsIn(CONTACT_STATUSES) status!: ContactStatus;
  @IsOptional() @IsUUID() userId?: string | null;
}
export const ContactCreated = defineEvent('directory.events.contact.created', 1, ContactChangedData);
export const ContactUpdated = defineEvent('directory.events.contact.updated', 1, ContactChangedData);
export const ContactDeleted = defineEvent('directory.events.contact.deleted', 1, ContactChangedData);
/** An admin asked to make the contact a user; the invitation is sent by the invitations feature. */
export const ContactConversionRequested = defineEvent(
  'directory.events.contact.conversion_requested',
  1,
  ContactChangedData,
);
/** The contact's e-mail joined the company as a member; the contact now links to that user. */
export const ContactConverted = defineEvent('directory.events.contact.converted', 1, ContactChangedData);

export class ContactsImportedData {
  @IsUUID() companyId!: string;
  @IsInt() @Min(0) total!: number;
  @IsInt() @Min(0) created!: number;
  @IsInt() @Min(0) skipped!: number;
  @IsInt() @Min(0) failed!: number;
}
export const ContactsImported = defineEvent('directory.events.contact.imported', 1, ContactsImportedData);

export class LabelChangedData {
  @IsUUID() companyId!: string;
  @IsUUID() labelId!: string;
  @IsString() @MaxLength(200) name!: string;
}
export const LabelCreated = defineEvent('directory.events.label.created', 1, LabelChangedData);
export const LabelUpdated = defineEvent('directory.events.label.updated', 1, LabelChangedData);
export const LabelDeleted = defineEvent('directory.events.label.deleted', 1, LabelChangedData);

export class LabelLinkData {
  @IsUUID() companyId!: string;
  @IsUUID() labelId!: string;
  @IsIn(LINK_KINDS) kind!: LinkKind;
  @IsUUID() targetId!: string;
  @IsOptional() @IsUUID() userId?: string;
}
export const LabelAttached = defineEvent('directory.events.label.attached', 1, LabelLinkData);
export const LabelDetached = defineEvent('directory.events.label.detached', 1, LabelLinkData);

export class ApplicationChangedData {
  @IsUUID() companyId!: string;
  @IsUUID() applicationId!: string;
  @IsString() @MaxLength(200) name!: string;
  @IsString() @MaxLength(2000) url!: string;
  @IsIn(SIGN_IN_METHODS) signInMethod!: SignInMethod;
}
export const ApplicationCreated = defineEvent(
  'directory.events.application.created',
  1,
  ApplicationChangedData,
);
export const ApplicationUpdated = defineEvent(
  'directory.events.application.updated',
  1,
  ApplicationChangedData,
);
export const ApplicationDeleted = defineEvent(
  'directory.events.application.deleted',
  1,
  ApplicationChangedData,
);

export class ApplicationAssignmentData {
  @IsUUID() companyId!: string;
  @IsUUID() applicationId!: string;
  @IsUUID() userId!: string;
}
export const ApplicationAssigned = defineEvent(
  'directory.events.application.assigned',
  1,
  ApplicationAssignmentData,
);
export const ApplicationUnassigned = defineEvent(
  'directory.events.application.unassigned',
  1,
  ApplicationAssignmentData,
);
