import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';

/**
 * The directory's organisation features: org units (a tree), groups (nested, with members, leaders,
 * contacts and applications), contacts (people who are not users), labels and the application catalogue.
 * Every request names its company; the caller needs `read` for reads and `manage` (admin) for changes.
 */
export const ORG_NAME_MAX_LENGTH = 120;
export const ORG_DESCRIPTION_MAX_LENGTH = 1000;

export class CompanyScopedRequest {
  @IsUUID() companyId!: string;
}
export class CompanyListRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}

// ---------------------------------------------------------------- org units
export interface OrgUnitResponse {
  id: string;
  companyId: string;
  parentId: string | null;
  name: string;
  description: string | null;
  childCount: number;
  memberCount: number;
  applicationCount: number;
  createdAt: string;
  updatedAt: string;
}

export class CreateOrgUnitRequest {
  @IsUUID() companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) name!: string;
  @IsOptional() @IsString() @MaxLength(ORG_DESCRIPTION_MAX_LENGTH) description?: string | null;
  @IsOptional() @IsUUID() parentId?: string | null;
}
export const CreateOrgUnit = defineRpc<CreateOrgUnitRequest, OrgUnitResponse>(
  'directory.org-unit.create.v1',
  CreateOrgUnitRequest,
);

export class OrgUnitIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() orgUnitId!: string;
}
export const GetOrgUnit = defineRpc<OrgUnitIdRequest, OrgUnitResponse>(
  'directory.org-unit.get.v1',
  OrgUnitIdRequest,
);

export class ListOrgUnitsRequest extends CompanyListRequest {}
export const ListOrgUnits = defineRpc<ListOrgUnitsRequest, Page<OrgUnitResponse>>(
  'directory.org-unit.list.v1',
  ListOrgUnitsRequest,
);

export class UpdateOrgUnitRequest {
  @IsUUID() companyId!: string;
  @IsUUID() orgUnitId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) name?: string;
  @IsOptional() @IsString() @MaxLength(ORG_DESCRIPTION_MAX_LENGTH) description?: string | null;
}
export const UpdateOrgUnit = defineRpc<UpdateOrgUnitRequest, OrgUnitResponse>(
  'directory.org-unit.update.v1',
  UpdateOrgUnitRequest,
);

export class MoveOrgUnitRequest {
  @IsUUID() companyId!: string;
  @IsUUID() orgUnitId!: string;
  /** null: make it a root. */
  @IsOptional() @IsUUID() parentId!: string | null;
}
export const MoveOrgUnit = defineRpc<MoveOrgUnitRequest, OrgUnitResponse>(
  'directory.org-unit.move.v1',
  MoveOrgUnitRequest,
);

export class DeleteOrgUnitRequest {
  @IsUUID() companyId!: string;
  @IsUUID() orgUnitId!: string;
  /** Delete the whole subtree and its assignments; without it a unit with children or members is refused (409). */
  @IsOptional() @IsBoolean() cascade?: boolean;
}
export const DeleteOrgUnit = defineRpc<DeleteOrgUnitRequest, { deleted: number }>(
  'directory.org-unit.delete.v1',
  DeleteOrgUnitRequest,
);

// ---------------------------------------------------------------- links (members, leaders, contacts, apps)
/** What can be linked to an org unit, a group or a label. */
export const LINK_KINDS = ['member', 'leader', 'contact', 'application'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export class LinkRequest {
  @IsUUID() companyId!: string;
  /** The org unit, group, label or application the link is made on. */
  @IsUUID() ownerId!: string;
  @IsIn(LINK_KINDS) kind!: LinkKind;
  @IsUUID() targetId!: string;
}
export class ListLinksRequest {
  @IsUUID() companyId!: string;
  @IsUUID() ownerId!: string;
  @IsIn(LINK_KINDS) kind!: LinkKind;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
/** One linked thing, whatever its kind: a member (user), a contact or an application. */
export interface LinkedItem {
  id: string;
  kind: LinkKind;
  /** Display name (member's display name, contact's full name, application's name). */
  name: string;
  email: string | null;
  linkedAt: string;
}

export const AddOrgUnitLink = defineRpc<LinkRequest, LinkedItem>('directory.org-unit.link.v1', LinkRequest);
export const RemoveOrgUnitLink = defineRpc<LinkRequest, { removed: true }>(
  'directory.org-unit.unlink.v1',
  LinkRequest,
);
export const ListOrgUnitLinks = defineRpc<ListLinksRequest, Page<LinkedItem>>(
  'directory.org-unit.list-links.v1',
  ListLinksRequest,
);

// ---------------------------------------------------------------- groups
export interface GroupResponse {
  id: string;
  companyId: string;
  parentId: string | null;
  name: string;
  description: string | null;
  childCount: number;
  memberCount: number;
  leaderCount: number;
  contactCount: number;
  applicationCount: number;
  createdAt: string;
  updatedAt: string;
}

export class CreateGroupRequest {
  @IsUUID() companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) name!: string;
  @IsOptional() @IsString() @MaxLength(ORG_DESCRIPTION_MAX_LENGTH) description?: string | null;
  @IsOptional() @IsUUID() parentId?: string | null;
}
export const CreateGroup = defineRpc<CreateGroupRequest, GroupResponse>(
  'directory.group.create.v1',
  CreateGroupRequest,
);

export class GroupIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() groupId!: string;
}
export const GetGroup = defineRpc<GroupIdRequest, GroupResponse>('directory.group.get.v1', GroupIdRequest);
export const DeleteGroup = defineRpc<GroupIdRequest, { deleted: true }>(
  'directory.group.delete.v1',
  GroupIdRequest,
);

export class ListGroupsRequest extends CompanyListRequest {}
export const ListGroups = defineRpc<ListGroupsRequest, Page<GroupResponse>>(
  'directory.group.list.v1',
  ListGroupsRequest,
);

export class UpdateGroupRequest {
  @IsUUID() companyId!: string;
  @IsUUID() groupId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) name?: string;
  @IsOptional() @IsString() @MaxLength(ORG_DESCRIPTION_MAX_LENGTH) description?: string | null;
}
export const UpdateGroup = defineRpc<UpdateGroupRequest, GroupResponse>(
  'directory.group.update.v1',
  UpdateGroupRequest,
);

export class MoveGroupRequest {
  @IsUUID() companyId!: string;
  @IsUUID() groupId!: string;
  /** null: make it a top-level group. Moving under itself or a descendant is a 409. */
  @IsOptional() @IsUUID() parentId!: string | null;
}
export const MoveGroup = defineRpc<MoveGroupRequest, GroupResponse>(
  'directory.group.move.v1',
  MoveGroupRequest,
);

export const AddGroupLink = defineRpc<LinkRequest, LinkedItem>('directory.group.link.v1', LinkRequest);
export const RemoveGroupLink = defineRpc<LinkRequest, { removed: true }>(
  'directory.group.unlink.v1',
  LinkRequest,
);
export const ListGroupLinks = defineRpc<ListLinksRequest, Page<LinkedItem>>(
  'directory.group.list-links.v1',
  ListLinksRequest,
);

export class EligibleMembersRequest {
  @IsUUID() companyId!: string;
  @IsUUID() groupId!: string;
  /** Company members not yet in the group as this kind. */
  @IsIn(['member', 'leader']) kind!: 'member' | 'leader';
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListEligibleGroupMembers = defineRpc<EligibleMembersRequest, Page<LinkedItem>>(
  'directory.group.eligible-members.v1',
  EligibleMembersRequest,
);

// ---------------------------------------------------------------- reverse look-ups
export const REVERSE_SUBJECTS = ['member', 'contact', 'application'] as const;
export class ReverseLookupRequest {
  @IsUUID() companyId!: string;
  @IsIn(REVERSE_SUBJECTS) subjectKind!: (typeof REVERSE_SUBJECTS)[number];
  @IsUUID() subjectId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
/** The groups a member (as member or leader), a contact or an application is in. */
export const ListGroupsOf = defineRpc<ReverseLookupRequest, Page<GroupResponse & { as: LinkKind }>>(
  'directory.group.list-of.v1',
  ReverseLookupRequest,
);
/** The org units a member or an application is assigned to. */
export const ListOrgUnitsOf = defineRpc<ReverseLookupRequest, Page<OrgUnitResponse>>(
  'directory.org-unit.list-of.v1',
  ReverseLookupRequest,
);

// ---------------------------------------------------------------- contacts
export const CONTACT_STATUSES = ['active', 'pending_conversion', 'converted'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export interface ContactResponse {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  displayName: string;
  email: string;
  phone: string | null;
  status: ContactStatus;
  /** The user this contact became, once converted. */
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}
export class ContactFields {
  @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) firstName!: string;
  @IsOptional() @IsString() @MaxLength(ORG_NAME_MAX_LENGTH) lastName?: string;
  @IsEmail() @MaxLength(254) email!: string;
  @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
}
export class CreateContactRequest extends ContactFields {
  @IsUUID() companyId!: string;
}
export const CreateContact = defineRpc<CreateContactRequest, ContactResponse>(
  'directory.contact.create.v1',
  CreateContactRequest,
);
export class ContactIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() contactId!: string;
}
export const GetContact = defineRpc<ContactIdRequest, ContactResponse>(
  'directory.contact.get.v1',
  ContactIdRequest,
);
export const DeleteContact = defineRpc<ContactIdRequest, { deleted: true }>(
  'directory.contact.delete.v1',
  ContactIdRequest,
);
export class ListContactsRequest extends CompanyListRequest {}
export const ListContacts = defineRpc<ListContactsRequest, Page<ContactResponse>>(
  'directory.contact.list.v1',
  ListContactsRequest,
);
export class UpdateContactRequest {
  @IsUUID() companyId!: string;
  @IsUUID() contactId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) firstName?: string;
  @IsOptional() @IsString() @MaxLength(ORG_NAME_MAX_LENGTH) lastName?: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
}
export const UpdateContact = defineRpc<UpdateContactRequest, ContactResponse>(
  'directory.contact.update.v1',
  UpdateContactRequest,
);
export const CONTACT_IMPORT_MAX_ROWS = 1000;
export class ImportContactsRequest {
  @IsUUID() companyId!: string;
  /** CSV with a header row: email, first_name, last_name, phone (any order; email and first_name required). */
  @IsString() @IsNotEmpty() @MaxLength(1_000_000) csv!: string;
}
export interface ImportContactsResponse {
  total: number;
  created: number;
  skipped: number;
  failed: { line: number; message: string }[];
}
export const ImportContacts = defineRpc<ImportContactsRequest, ImportContactsResponse>(
  'directory.contact.import.v1',
  ImportContactsRequest,
);
/** Records the wish to make the contact a user: `pending_conversion` until that e-mail's user joins. */
export const ConvertContact = defineRpc<ContactIdRequest, ContactResponse>(
  'directory.contact.convert.v1',
  ContactIdRequest,
);

// ---------------------------------------------------------------- labels
export interface LabelResponse {
  id: string;
  companyId: string;
  name: string;
  color: string | null;
  memberCount: number;
  applicationCount: number;
  createdAt: string;
}
export class CreateLabelRequest {
  @IsUUID() companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(60) name!: string;
  @IsOptional() @IsString() @MaxLength(20) color?: string | null;
}
export const CreateLabel = defineRpc<CreateLabelRequest, LabelResponse>(
  'directory.label.create.v1',
  CreateLabelRequest,
);
export class LabelIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() labelId!: string;
}
export const DeleteLabel = defineRpc<LabelIdRequest, { deleted: true }>(
  'directory.label.delete.v1',
  LabelIdRequest,
);
export const GetLabel = defineRpc<LabelIdRequest, LabelResponse>('directory.label.get.v1', LabelIdRequest);
export class UpdateLabelRequest {
  @IsUUID() companyId!: string;
  @IsUUID() labelId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(60) name?: string;
  @IsOptional() @IsString() @MaxLength(20) color?: string | null;
}
export const UpdateLabel = defineRpc<UpdateLabelRequest, LabelResponse>(
  'directory.label.update.v1',
  UpdateLabelRequest,
);
export class ListLabelsRequest extends CompanyListRequest {}
export const ListLabels = defineRpc<ListLabelsRequest, Page<LabelResponse>>(
  'directory.label.list.v1',
  ListLabelsRequest,
);
export const AttachLabel = defineRpc<LinkRequest, LinkedItem>('directory.label.attach.v1', LinkRequest);
export const DetachLabel = defineRpc<LinkRequest, { removed: true }>(
  'directory.label.detach.v1',
  LinkRequest,
);
export const ListLabelLinks = defineRpc<ListLinksRequest, Page<LinkedItem>>(
  'directory.label.list-links.v1',
  ListLinksRequest,
);
/** The labels on a member or an application. */
export const ListLabelsOf = defineRpc<ReverseLookupRequest, Page<LabelResponse>>(
  'directory.label.list-of.v1',
  ReverseLookupRequest,
);

// ---------------------------------------------------------------- applications
export const SIGN_IN_METHODS = ['form_fill', 'auto_login', 'saml', 'jwt', 'none'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
export interface ApplicationResponse {
  id: string;
  companyId: string;
  name: string;
  url: string;
  iconUrl: string | null;
  signInMethod: SignInMethod;
  createdAt: string;
  updatedAt: string;
}
const URL_OPTIONS = { require_protocol: true, protocols: ['http', 'https'], require_tld: false };
export class CreateApplicationRequest {
  @IsUUID() companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) name!: string;
  @IsUrl(URL_OPTIONS) @MaxLength(2000) url!: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) iconUrl?: string | null;
  @IsIn(SIGN_IN_METHODS) signInMethod!: SignInMethod;
}
export const CreateApplication = defineRpc<CreateApplicationRequest, ApplicationResponse>(
  'directory.application.create.v1',
  CreateApplicationRequest,
);
export class ApplicationIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() applicationId!: string;
}
export const GetApplication = defineRpc<ApplicationIdRequest, ApplicationResponse>(
  'directory.application.get.v1',
  ApplicationIdRequest,
);
export const DeleteApplication = defineRpc<ApplicationIdRequest, { deleted: true }>(
  'directory.application.delete.v1',
  ApplicationIdRequest,
);
export class UpdateApplicationRequest {
  @IsUUID() companyId!: string;
  @IsUUID() applicationId!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(ORG_NAME_MAX_LENGTH) name?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) url?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000) iconUrl?: string | null;
  @IsOptional() @IsIn(SIGN_IN_METHODS) signInMethod?: SignInMethod;
}
export const UpdateApplication = defineRpc<UpdateApplicationRequest, ApplicationResponse>(
  'directory.application.update.v1',
  UpdateApplicationRequest,
);
/** Filters: name, signInMethod, createdAt, labelId (eq/in: applications carrying the label). */
export class ListApplicationsRequest extends CompanyListRequest {}
export const ListApplications = defineRpc<ListApplicationsRequest, Page<ApplicationResponse>>(
  'directory.application.list.v1',
  ListApplicationsRequest,
);
/** Direct assignment of an application to a member (kind `member`). */
export const AssignApplication = defineRpc<LinkRequest, LinkedItem>(
  'directory.application.assign.v1',
  LinkRequest,
);
export const UnassignApplication = defineRpc<LinkRequest, { removed: true }>(
  'directory.application.unassign.v1',
  LinkRequest,
);
export const ListApplicationAssignees = defineRpc<ListLinksRequest, Page<LinkedItem>>(
  'directory.application.list-assignees.v1',
  ListLinksRequest,
);

/** How a user reaches an application. */
export const ACCESS_PATHS = ['direct', 'org_unit', 'group', 'label'] as const;
export type AccessPath = (typeof ACCESS_PATHS)[number];
export interface LaunchableApplication extends ApplicationResponse {
  companyName: string;
  via: AccessPath[];
}
export class MyApplicationsRequest {
  @IsOptional() @IsUUID() companyId?: string;
}
/** What the caller can launch, over all their companies, through every path. */
export const ListMyApplications = defineRpc<MyApplicationsRequest, { items: LaunchableApplication[] }>(
  'directory.application.list-mine.v1',
  MyApplicationsRequest,
);
/** The applications a member or a contact reaches (contacts: through their groups). */
export const ListApplicationsOf = defineRpc<ReverseLookupRequest, Page<LaunchableApplication>>(
  'directory.application.list-of.v1',
  ReverseLookupRequest,
);
