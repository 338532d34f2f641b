import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { SSO_PROTOCOLS } from './events';

/** Lower-case host names with at least one dot, labels of 1–63 characters. */
export const DOMAIN_PATTERN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** The TXT record value a company publishes on the domain to prove it owns it. */
export const DOMAIN_TXT_PREFIX = 'roster-verification=';

export interface DomainSsoSettings {
  enabled: boolean;
  protocol: (typeof SSO_PROTOCOLS)[number];
  loginUrl: string;
  issuer: string | null;
  clientId: string | null;
}

export interface DomainResponse {
  id: string;
  companyId: string;
  domain: string;
  /** Publish `txtRecord` as a TXT record on the domain, then verify. */
  verificationToken: string;
  txtRecord: string;
  verified: boolean;
  verifiedAt: string | null;
  /** Users with an e-mail on this (verified) domain join the company without an admin's confirmation. */
  autoJoin: boolean;
  sso: DomainSsoSettings | null;
  createdAt: string;
}

export class AddDomainRequest {
  @IsUUID() companyId!: string;
  @IsString() @MaxLength(253) domain!: string;
}
/** 409: this company has it already, or another company verified it. */
export const AddDomain = defineRpc<AddDomainRequest, DomainResponse>(
  'directory.domain.add.v1',
  AddDomainRequest,
);

export class ListDomainsRequest {
  @IsUUID() companyId!: string;
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListDomains = defineRpc<ListDomainsRequest, Page<DomainResponse> & { verified: number }>(
  'directory.domain.list.v1',
  ListDomainsRequest,
);

export class DomainIdRequest {
  @IsUUID() companyId!: string;
  @IsUUID() domainId!: string;
}
export const GetDomain = defineRpc<DomainIdRequest, DomainResponse>(
  'directory.domain.get.v1',
  DomainIdRequest,
);
/** Looks the TXT record up; 422 when it is not there, 409 when another company verified the domain first. */
export const VerifyDomain = defineRpc<DomainIdRequest, DomainResponse>(
  'directory.domain.verify.v1',
  DomainIdRequest,
);
export const RemoveDomain = defineRpc<DomainIdRequest, { removed: true }>(
  'directory.domain.remove.v1',
  DomainIdRequest,
);

export class UpdateDomainRequest extends DomainIdRequest {
  @IsOptional() @IsBoolean() autoJoin?: boolean;
}
/** 409 unless verified. */
export const UpdateDomain = defineRpc<UpdateDomainRequest, DomainResponse>(
  'directory.domain.update.v1',
  UpdateDomainRequest,
);

export class DomainSsoSettingsInput {
  @IsBoolean() enabled!: boolean;
  @IsIn(SSO_PROTOCOLS) protocol!: (typeof SSO_PROTOCOLS)[number];
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  loginUrl!: string;
  @IsOptional() @IsString() @MaxLength(2000) issuer?: string | null;
  @IsOptional() @IsString() @MaxLength(500) clientId?: string | null;
}
export class SetDomainSsoRequest extends DomainIdRequest {
  /** null removes the SSO settings. */
  @IsOptional() @ValidateNested() @Type(() => DomainSsoSettingsInput) sso!: DomainSsoSettingsInput | null;
}
/** 409 unless verified; emits DomainSsoUpdated. */
export const SetDomainSso = defineRpc<SetDomainSsoRequest, DomainResponse>(
  'directory.domain.set-sso.v1',
  SetDomainSsoRequest,
);
