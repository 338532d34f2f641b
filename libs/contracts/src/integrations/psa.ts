import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { defineEvent, defineRpc } from '../define';
import { PSA_TYPES, PsaType } from './psa-ticket';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

// ---------------------------------------------------------------------------------------------------
// Catalogue and active integrations
// ---------------------------------------------------------------------------------------------------

export type IntegrationKind = 'psa' | 'webhook' | 'email' | 'oauth';

export interface CatalogEntry {
  type: string;
  kind: IntegrationKind;
  name: string;
  description: string;
  /**
   * How to connect it: the create route (PSA), the feature route (webhooks, e-mail) or the activation route
   * (OAuth); `providerPath` is the same route for a provider (MSP), when it can connect it too.
   */
  connect: { method: 'POST'; path: string; providerPath?: string; fields: string[] };
}
export class EmptyRequest {}
export const ListIntegrationCatalog = defineRpc<EmptyRequest, { items: CatalogEntry[] }>(
  'integrations.catalog.list.v1',
  EmptyRequest,
);

export const OAUTH_TYPES = ['microsoft365', 'google-workspace', 'slack'] as const;
export type OAuthType = (typeof OAUTH_TYPES)[number];
export const INTEGRATION_TYPES = [...PSA_TYPES, ...OAUTH_TYPES] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

export interface PsaSettings {
  /** ConnectWise / Autotask company types whose companies are offered for mapping (empty: all). */
  companyTypeIds: number[];
  /** Open tickets for enabled alerts. */
  automaticTicketing: boolean;
}

export interface IntegrationResponse {
  id: string;
  /** The owner: a company, or (provider scope) null with `providerId` set. */
  companyId: string | null;
  providerId: string | null;
  type: IntegrationType;
  kind: 'psa' | 'oauth';
  name: string;
  status: 'active' | 'pending_authorization';
  /** Non-secret connection settings (site URL, company id, user name, subdomain). Secrets never leave. */
  config: Record<string, string>;
  /** Names of the secrets that are stored (encrypted), never their values. */
  secretsStored: string[];
  settings: PsaSettings;
  createdAt: string;
  updatedAt: string;
}

/**
 * Where an integration or webhook endpoint belongs: a company (`/companies/{companyId}/…`) or a provider
 * (MSP, `/providers/{providerId}/…`). Exactly one is given.
 */
export class ScopeRequest {
  @ValidateIf((o: ScopeRequest) => o.providerId === undefined) @IsUUID() companyId?: string;
  @ValidateIf((o: ScopeRequest) => o.companyId === undefined) @IsUUID() providerId?: string;
}
export class CompanyIntegrationsRequest extends ScopeRequest {}
export const ListIntegrations = defineRpc<CompanyIntegrationsRequest, { items: IntegrationResponse[] }>(
  'integrations.integration.list.v1',
  CompanyIntegrationsRequest,
);

export class IntegrationRef extends ScopeRequest {
  @IsIn(INTEGRATION_TYPES) type!: IntegrationType;
  @IsUUID() integrationId!: string;
}
export const GetIntegration = defineRpc<IntegrationRef, IntegrationResponse>(
  'integrations.integration.get.v1',
  IntegrationRef,
);
export const DeleteIntegration = defineRpc<IntegrationRef, { deleted: true }>(
  'integrations.integration.delete.v1',
  IntegrationRef,
);

export class ConnectwiseCredentials {
  /** The site's API URL, e.g. https://api-na.myconnectwise.net (paths /v4_6_release/apis/3.0/... are added). */
  @IsUrl(URL_OPTIONS) @MaxLength(500) url!: string;
  /** The ConnectWise company id used to log in (the `company` part of `company+publicKey`). */
  @IsString() @IsNotEmpty() @MaxLength(100) companyId!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) publicKey!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) privateKey!: string;
  /** The developer clientId header; defaults to Roster's. */
  @IsOptional() @IsString() @MaxLength(100) clientId?: string;
}
export class AutotaskCredentials {
  /** The zone URL of the tenant, e.g. https://webservices5.autotask.net (paths /ATServicesRest/V1.0/... are added). */
  @IsUrl(URL_OPTIONS) @MaxLength(500) url!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) username!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) secret!: string;
  /** The API tracking identifier (ApiIntegrationcode header); defaults to Roster's. */
  @IsOptional() @IsString() @MaxLength(100) integrationCode?: string;
}
export class SyncroCredentials {
  @IsString() @IsNotEmpty() @MaxLength(63) subdomain!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) apiToken!: string;
  /** Overrides https://{subdomain}.syncromsp.com (paths /api/v1/... are added). */
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) url?: string;
}

export class CreatePsaIntegrationRequest extends ScopeRequest {
  @IsIn(PSA_TYPES) type!: PsaType;
  @IsOptional() @IsString() @MaxLength(100) name?: string;
  @IsOptional() @ValidateNested() @Type(() => ConnectwiseCredentials) connectwise?: ConnectwiseCredentials;
  @IsOptional() @ValidateNested() @Type(() => AutotaskCredentials) autotask?: AutotaskCredentials;
  @IsOptional() @ValidateNested() @Type(() => SyncroCredentials) syncro?: SyncroCredentials;
}
export const CreatePsaIntegration = defineRpc<CreatePsaIntegrationRequest, IntegrationResponse>(
  'integrations.psa.create.v1',
  CreatePsaIntegrationRequest,
);

/** Any subset of the type's credential fields; the merged result is validated against the PSA again. */
export class UpdateIntegrationRequest extends IntegrationRef {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(500) url?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) psaCompanyId?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) publicKey?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) privateKey?: string;
  @IsOptional() @IsString() @MaxLength(100) clientId?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) username?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) secret?: string;
  @IsOptional() @IsString() @MaxLength(100) integrationCode?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(63) subdomain?: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200) apiToken?: string;
}
export const UpdateIntegration = defineRpc<UpdateIntegrationRequest, IntegrationResponse>(
  'integrations.integration.update.v1',
  UpdateIntegrationRequest,
);

export class ActivateOAuthRequest extends ScopeRequest {
  @IsIn(OAUTH_TYPES) type!: OAuthType;
  @IsUrl(URL_OPTIONS) @MaxLength(500) redirectUri!: string;
}
export interface ActivationResponse {
  integration: IntegrationResponse;
  /** Send the user here to grant access; the provider returns to `redirectUri` with `state`. */
  authorizationUrl: string;
  state: string;
}
export const ActivateOAuthIntegration = defineRpc<ActivateOAuthRequest, ActivationResponse>(
  'integrations.oauth.activate.v1',
  ActivateOAuthRequest,
);

/**
 * The end of an OAuth grant: the `code` and `state` the provider sent back to `redirectUri`. The state
 * (issued by activation, single use, expiring) names the pending integration; the code is exchanged at the
 * provider's token endpoint and the tokens are stored sealed.
 */
export class CompleteOAuthRequest {
  @IsString() @IsNotEmpty() @MaxLength(4000) code!: string;
  @IsString() @IsNotEmpty() @MaxLength(200) state!: string;
}
export const CompleteOAuthIntegration = defineRpc<CompleteOAuthRequest, IntegrationResponse>(
  'integrations.oauth.complete.v1',
  CompleteOAuthRequest,
);

// ---------------------------------------------------------------------------------------------------
// Look-ups proxied to the PSA
// ---------------------------------------------------------------------------------------------------

export const PSA_LOOKUPS = [
  'companies',
  'company-types',
  'agreements',
  'additions',
  'billing-options',
] as const;
export type PsaLookupKind = (typeof PSA_LOOKUPS)[number];

export class PsaLookupRequest extends IntegrationRef {
  @IsIn(PSA_LOOKUPS) lookup!: PsaLookupKind;
  /** For `additions`: the agreement; for `agreements`: optionally the PSA company. */
  @IsOptional() @IsString() @MaxLength(100) parentId?: string;
  @IsInt() @Min(1) @Max(10_000) page: number = 1;
  @IsInt() @Min(1) @Max(100) pageSize: number = 20;
  @IsOptional() @IsString() @MaxLength(100) search?: string;
}
export interface PsaLookupItem {
  id: string;
  name: string;
  [extra: string]: unknown;
}
export interface PsaLookupPage {
  items: PsaLookupItem[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}
export const PsaLookup = defineRpc<PsaLookupRequest, PsaLookupPage>(
  'integrations.psa.lookup.v1',
  PsaLookupRequest,
);

// ---------------------------------------------------------------------------------------------------
// Mappings
// ---------------------------------------------------------------------------------------------------

export class IdName {
  @IsString() @IsNotEmpty() @MaxLength(100) id!: string;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
}
export class SyncroBillingFields {
  @IsString() @IsNotEmpty() @MaxLength(100) schedule_id!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) line_item_id!: string;
  @IsOptional() @IsString() @MaxLength(200) schedule_name?: string;
  @IsOptional() @IsString() @MaxLength(200) line_item_name?: string;
}
export class SyncroBillingConfigurations {
  @ValidateNested() @Type(() => SyncroBillingFields) fields!: SyncroBillingFields;
}
export class MappingRow {
  /** The Roster company (the seed's "organization"). */
  @ValidateNested() @Type(() => IdName) organization!: IdName;
  /** The PSA company; required unless `delete`. */
  @IsOptional() @ValidateNested() @Type(() => IdName) company?: IdName;
  @IsOptional() @ValidateNested() @Type(() => IdName) agreement?: IdName | null;
  @IsOptional() @ValidateNested() @Type(() => IdName) addition?: IdName | null;
  @IsOptional()
  @ValidateNested()
  @Type(() => SyncroBillingConfigurations)
  billingConfigurations?: SyncroBillingConfigurations | null;
  @IsOptional() @IsBoolean() delete?: boolean;
}
export class PatchMappingsRequest extends IntegrationRef {
  @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => MappingRow) data!: MappingRow[];
}
export interface MappingResponse {
  organization: { id: string; name: string };
  company: { id: string; name: string };
  agreement: { id: string; name: string } | null;
  addition: { id: string; name: string } | null;
  billingConfigurations: { fields: SyncroBillingFields } | null;
  lastSyncedQuantity: number | null;
  lastSyncedAt: string | null;
  updatedAt: string;
}
export const ListMappings = defineRpc<IntegrationRef, { items: MappingResponse[] }>(
  'integrations.mapping.list.v1',
  IntegrationRef,
);
export const PatchMappings = defineRpc<
  PatchMappingsRequest,
  { created: number; updated: number; deleted: number; items: MappingResponse[] }
>('integrations.mapping.patch.v1', PatchMappingsRequest);

export class SuggestMappingsRequest extends IntegrationRef {
  /** Roster companies to match; default: every company the caller administers and integrations knows. */
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsUUID('all', { each: true }) companyIds?: string[];
  /** 0..1, default 0.6. */
  @IsOptional() @Min(0) @Max(1) threshold?: number;
}
export interface MappingSuggestion {
  organization: { id: string; name: string };
  company: { id: string; name: string } | null;
  score: number;
  alreadyMapped: boolean;
}
export const SuggestMappings = defineRpc<SuggestMappingsRequest, { items: MappingSuggestion[] }>(
  'integrations.mapping.suggest.v1',
  SuggestMappingsRequest,
);

// ---------------------------------------------------------------------------------------------------
// Settings, sync runs, errors
// ---------------------------------------------------------------------------------------------------

export const GetIntegrationSettings = defineRpc<IntegrationRef, PsaSettings>(
  'integrations.settings.get.v1',
  IntegrationRef,
);
export class PatchSettingsRequest extends IntegrationRef {
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsInt({ each: true }) companyTypeIds?: number[];
  @IsOptional() @IsBoolean() automaticTicketing?: boolean;
}
export const PatchIntegrationSettings = defineRpc<PatchSettingsRequest, PsaSettings>(
  'integrations.settings.patch.v1',
  PatchSettingsRequest,
);

export class IntegrationPageRequest extends IntegrationRef {
  @IsInt() @Min(1) @Max(100) limit: number = 20;
  @IsInt() @Min(0) skip: number = 0;
}
export interface IntegrationErrorResponse {
  id: string;
  occurredAt: string;
  companyId: string | null;
  operation: string;
  message: string;
  jobId: string | null;
}
export const ListIntegrationErrors = defineRpc<
  IntegrationPageRequest,
  { items: IntegrationErrorResponse[]; total: number; limit: number; skip: number }
>('integrations.error.list.v1', IntegrationPageRequest);

export interface SyncRunResponse {
  id: string;
  kind: 'billing-sync' | 'ticket';
  companyId: string | null;
  status: 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'superseded';
  quantity: number | null;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  result: string | null;
  createdAt: string;
  finishedAt: string | null;
}
export const ListSyncRuns = defineRpc<
  IntegrationPageRequest,
  { items: SyncRunResponse[]; total: number; limit: number; skip: number }
>('integrations.sync-run.list.v1', IntegrationPageRequest);

// ---------------------------------------------------------------------------------------------------
// Alert ticketing
// ---------------------------------------------------------------------------------------------------

export interface TicketingAlert {
  id: string;
  key: string;
  name: string;
  category: string;
  event: string;
  description: string;
}
export const ListTicketingAlerts = defineRpc<CompanyIntegrationsRequest, { items: TicketingAlert[] }>(
  'integrations.ticketing-alert.list.v1',
  CompanyIntegrationsRequest,
);

export class IdNameNumber {
  @IsOptional() @IsInt() id?: number;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
}
export class ResourceRef extends IdNameNumber {
  @IsOptional() @ValidateNested() @Type(() => IdNameNumber) role?: IdNameNumber;
}
/** One body for the three PSAs; which fields are required depends on the PSA (see docs/integrations-psa.md). */
export class AlertConfigurationRequest extends IntegrationRef {
  @IsString() @MaxLength(100) alertId!: string;
  @IsBoolean() shouldCreateTickets!: boolean;
  @IsOptional() @ValidateNested() @Type(() => IdNameNumber) queue?: IdNameNumber;
  @IsOptional() @ValidateNested() @Type(() => IdNameNumber) source?: IdNameNumber;
  /** Object for ConnectWise/Autotask, a string for Syncro. */
  @IsOptional() status?: IdNameNumber | string;
  @IsOptional() @IsInt() @Min(0) @Max(365) dueDays?: number;
  /** Object for ConnectWise/Autotask, a string for Syncro. */
  @IsOptional() priority?: IdNameNumber | string;
  @IsOptional() @ValidateNested() @Type(() => ResourceRef) resource?: ResourceRef;
  @IsOptional() @IsString() @MaxLength(200) destination?: string;
  @IsOptional() @IsString() @MaxLength(200) problemType?: string;
  @IsOptional() @IsInt() userId?: number;
  @IsOptional() @IsString() @MaxLength(200) username?: string;
}
export interface AlertConfigurationResponse {
  alert: TicketingAlert;
  configuration: Record<string, unknown> | null;
  shouldCreateTickets: boolean;
  updatedAt: string | null;
}
export const ListAlertConfigurations = defineRpc<IntegrationRef, { items: AlertConfigurationResponse[] }>(
  'integrations.alert-configuration.list.v1',
  IntegrationRef,
);
export const GetAlertConfigurationOptions = defineRpc<IntegrationRef, Record<string, PsaLookupItem[]>>(
  'integrations.alert-configuration.options.v1',
  IntegrationRef,
);
export const PutAlertConfiguration = defineRpc<AlertConfigurationRequest, AlertConfigurationResponse>(
  'integrations.alert-configuration.put.v1',
  AlertConfigurationRequest,
);

export interface PsaTicketRecord {
  id: string;
  alertId: string | null;
  subject: string;
  companyId: string;
  psaTicketId: string | null;
  status: 'opening' | 'open' | 'closed' | 'failed';
  summary: string;
  createdAt: string;
}
export const ListPsaTickets = defineRpc<
  IntegrationPageRequest,
  { items: PsaTicketRecord[]; total: number; limit: number; skip: number }
>('integrations.psa-ticket.list.v1', IntegrationPageRequest);

/** An administrator connected, reconfigured or removed an integration (a PSA) of a company or provider. */
export class IntegrationChangedData {
  @IsUUID() integrationId!: string;
  /** The integration's company; null for a provider's integration (then `providerId`). */
  @IsOptional() @IsUUID() companyId!: string | null;
  @IsOptional() @IsUUID() providerId!: string | null;
  @IsIn(INTEGRATION_TYPES) type!: IntegrationType;
  @IsString() name!: string;
  @IsString() status!: string;
  /** The names (never the values) of the settings and credentials an update changed. */
  @IsArray() @IsString({ each: true }) changed!: string[];
}
export const IntegrationCreated = defineEvent(
  'integrations.events.integration.created',
  1,
  IntegrationChangedData,
);
export const IntegrationUpdated = defineEvent(
  'integrations.events.integration.updated',
  1,
  IntegrationChangedData,
);
export const IntegrationDeleted = defineEvent(
  'integrations.events.integration.deleted',
  1,
  IntegrationChangedData,
);
