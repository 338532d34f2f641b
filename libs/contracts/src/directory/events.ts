import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineEvent } from '../define';
import {
  COMPANY_DESCRIPTION_MAX_LENGTH,
  COMPANY_NAME_MAX_LENGTH,
  COMPANY_ROLES,
  CompanyRole,
} from './limits';

export class CompanyCreatedData {
  @IsUUID() companyId!: string;
  @IsString() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
  @IsUUID() ownerUserId!: string;
  @IsISO8601() createdAt!: string;
  /** The provider (MSP) whose customer the company is; absent or null for a company of its own. */
  @IsOptional() @IsUUID() providerId?: string | null;
}
export const CompanyCreated = defineEvent('directory.events.company.created', 1, CompanyCreatedData);

export class CompanyUpdatedData {
  @IsUUID() companyId!: string;
  @IsString() @MaxLength(COMPANY_NAME_MAX_LENGTH) name!: string;
  @IsOptional() @IsString() @MaxLength(COMPANY_DESCRIPTION_MAX_LENGTH) description!: string | null;
  @IsISO8601() updatedAt!: string;
}
export const CompanyUpdated = defineEvent('directory.events.company.updated', 1, CompanyUpdatedData);

export class CompanyDeletedData {
  @IsUUID() companyId!: string;
  @IsISO8601() deletedAt!: string;
}
export const CompanyDeleted = defineEvent('directory.events.company.deleted', 1, CompanyDeletedData);

/**
 * An owner brought a deleted company back within its grace period (it also goes out as `company.updated`).
 * `deletedAt` is the deletion this undoes, so a consumer can tell which `company.deleted` it answers.
 */
export class CompanyRestoredData {
  @IsUUID() companyId!: string;
  @IsISO8601() deletedAt!: string;
  @IsISO8601() restoredAt!: string;
}
export const CompanyRestored = defineEvent('directory.events.company.restored', 1, CompanyRestoredData);

/**
 * A deleted company's grace period ended and its directory data is gone for good (members, invitations, org
 * units, groups, contacts, labels, applications, domains, settings); it cannot be restored any more. The
 * verified domains it held are free again (`domainsReleased`; each also goes out as `domain.removed`).
 */
export class CompanyPurgedData {
  @IsUUID() companyId!: string;
  @IsISO8601() deletedAt!: string;
  @IsISO8601() purgedAt!: string;
  @IsInt() @Min(0) membersRemoved!: number;
  @IsArray() @IsString({ each: true }) domainsReleased!: string[];
}
export const CompanyPurged = defineEvent('directory.events.company.purged', 1, CompanyPurgedData);

export const MEMBER_STATUSES = ['active', 'disabled'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/**
 * Shared by every member event. `sequence` is the company's member-change counter, raised by one on every
 * change to any of its memberships: a consumer keeps the highest sequence it applied per (company, user)
 * and ignores anything at or below it, so redelivered or out-of-order events never double count.
 * `activeSeats` is the company's count of active members right after this change.
 */
export class MemberChangeData {
  @IsUUID() companyId!: string;
  @IsUUID() userId!: string;
  @IsIn(COMPANY_ROLES) role!: CompanyRole;
  @IsIn(MEMBER_STATUSES) status!: MemberStatus;
  @IsInt() @Min(1) sequence!: number;
  @IsInt() @Min(0) activeSeats!: number;
  @IsISO8601() at!: string;
}
export class MemberAddedData extends MemberChangeData {}
export const MemberAdded = defineEvent('directory.events.member.added', 1, MemberAddedData);
export class MemberRemovedData extends MemberChangeData {}
export const MemberRemoved = defineEvent('directory.events.member.removed', 1, MemberRemovedData);
export class MemberRoleChangedData extends MemberChangeData {
  @IsIn(COMPANY_ROLES) previousRole!: CompanyRole;
}
export const MemberRoleChanged = defineEvent(
  'directory.events.member.role_changed',
  1,
  MemberRoleChangedData,
);
export class MemberDisabledData extends MemberChangeData {}
export const MemberDisabled = defineEvent('directory.events.member.disabled', 1, MemberDisabledData);
export class MemberEnabledData extends MemberChangeData {}
export const MemberEnabled = defineEvent('directory.events.member.enabled', 1, MemberEnabledData);

/** Company policy flags other contexts enforce (auth: 2FA and the IP allow-list at login). */
export class CompanyPolicyUpdatedData {
  @IsUUID() companyId!: string;
  @IsBoolean() enforced2fa!: boolean;
  @IsArray() @IsString({ each: true }) ipAllowList!: string[];
  @IsISO8601() updatedAt!: string;
}
export const CompanyPolicyUpdated = defineEvent(
  'directory.events.company.policy_updated',
  1,
  CompanyPolicyUpdatedData,
);

/** Branding used by integrations for e-mail templates. */
export class CompanyBrandingUpdatedData {
  @IsUUID() companyId!: string;
  @IsOptional() @IsString() primaryColor!: string | null;
  @IsOptional() @IsString() logoUrl!: string | null;
  @IsOptional() @IsEmail() billingEmail!: string | null;
  @IsISO8601() updatedAt!: string;
}
export const CompanyBrandingUpdated = defineEvent(
  'directory.events.company.branding_updated',
  1,
  CompanyBrandingUpdatedData,
);

/**
 * An invitation was created or resent; integrations e-mails the accept link. Like the password reset
 * event it carries the raw single-use token: the stream is internal, consumers must not log or persist it.
 */
export class InvitationSentData {
  @IsUUID() invitationId!: string;
  @IsUUID() companyId!: string;
  @IsString() companyName!: string;
  @IsEmail() email!: string;
  @IsIn(COMPANY_ROLES) role!: CompanyRole;
  @IsString() token!: string;
  @IsOptional() @IsString() invitedByName!: string | null;
  @IsInt() @Min(0) resendCount!: number;
  @IsISO8601() expiresAt!: string;
}
export const InvitationSent = defineEvent('directory.events.invitation.sent', 1, InvitationSentData);

/** A user added an e-mail address or phone number; integrations sends the code (raw, internal stream). */
export class ContactVerificationRequestedData {
  @IsUUID() userId!: string;
  @IsIn(['email', 'phone']) kind!: 'email' | 'phone';
  @IsString() value!: string;
  @IsString() code!: string;
  @IsISO8601() expiresAt!: string;
}
export const ContactVerificationRequested = defineEvent(
  'directory.events.contact_method.verification_requested',
  1,
  ContactVerificationRequestedData,
);

/** Domain events that let auth do SSO discovery by e-mail domain. */
export class DomainVerifiedData {
  @IsUUID() companyId!: string;
  @IsString() domain!: string;
  @IsISO8601() verifiedAt!: string;
}
export const DomainVerified = defineEvent('directory.events.domain.verified', 1, DomainVerifiedData);
export class DomainRemovedData {
  @IsUUID() companyId!: string;
  @IsString() domain!: string;
  @IsISO8601() removedAt!: string;
}
export const DomainRemoved = defineEvent('directory.events.domain.removed', 1, DomainRemovedData);
export const SSO_PROTOCOLS = ['oidc', 'saml'] as const;
export class DomainSsoSettingsData {
  @IsBoolean() enabled!: boolean;
  @IsIn(SSO_PROTOCOLS) protocol!: (typeof SSO_PROTOCOLS)[number];
  /** Where auth sends the user to sign in (the IdP's authorization or SSO URL). */
  @IsString() loginUrl!: string;
  @IsOptional() @IsString() issuer!: string | null;
  @IsOptional() @IsString() clientId!: string | null;
}
export class DomainSsoUpdatedData {
  @IsUUID() companyId!: string;
  @IsString() domain!: string;
  @IsOptional() @ValidateNested() @Type(() => DomainSsoSettingsData) sso!: DomainSsoSettingsData | null;
  @IsISO8601() updatedAt!: string;
}
export const DomainSsoUpdated = defineEvent('directory.events.domain.sso_updated', 1, DomainSsoUpdatedData);
