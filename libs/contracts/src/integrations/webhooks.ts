import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineEvent, defineRpc } from '../define';
import { ListQuery, Page } from '../pagination';
import { ScopeRequest } from './psa';

/** An event type filter: an exact type (`directory.events.member.added`) or a prefix ending in `*`. */
export const WEBHOOK_EVENT_TYPE_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?)$/;
export const WEBHOOK_URL_MAX_LENGTH = 2000;
export const WEBHOOK_EVENT_TYPES_MAX = 50;

export interface WebhookEndpointResponse {
  id: string;
  /** The owner: a company, or (provider scope) null with `providerId` set. */
  companyId: string | null;
  providerId: string | null;
  url: string;
  description: string | null;
  /** Empty: every event of the company (provider endpoints: of every customer company). */
  eventTypes: string[];
  active: boolean;
  /** Why the endpoint was switched off by the platform (repeated failures), or null. */
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

/** Returned once, on creation and on rotation: `whsec_<base64>`. */
export interface WebhookEndpointWithSecretResponse extends WebhookEndpointResponse {
  secret: string;
}

export class CompanyWebhookRequest extends ScopeRequest {
  @IsUUID() webhookId!: string;
}

export class CreateWebhookEndpointRequest extends ScopeRequest {
  @IsString() @MaxLength(WEBHOOK_URL_MAX_LENGTH) url!: string;
  @IsOptional() @IsString() @MaxLength(500) description?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @IsString({ each: true })
  @Matches(WEBHOOK_EVENT_TYPE_PATTERN, { each: true })
  eventTypes?: string[];
  @IsOptional() @IsBoolean() active?: boolean;
}
export const CreateWebhookEndpoint = defineRpc<
  CreateWebhookEndpointRequest,
  WebhookEndpointWithSecretResponse
>('integrations.webhook.create.v1', CreateWebhookEndpointRequest);

export class UpdateWebhookEndpointRequest extends CompanyWebhookRequest {
  @IsOptional() @IsString() @MaxLength(WEBHOOK_URL_MAX_LENGTH) url?: string;
  @IsOptional() @IsString() @MaxLength(500) description?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES_MAX)
  @IsString({ each: true })
  @Matches(WEBHOOK_EVENT_TYPE_PATTERN, { each: true })
  eventTypes?: string[];
  /** Re-activating a disabled endpoint clears its failure count. */
  @IsOptional() @IsBoolean() active?: boolean;
}
export const UpdateWebhookEndpoint = defineRpc<UpdateWebhookEndpointRequest, WebhookEndpointResponse>(
  'integrations.webhook.update.v1',
  UpdateWebhookEndpointRequest,
);

export class ListWebhookEndpointsRequest extends ScopeRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListWebhookEndpoints = defineRpc<ListWebhookEndpointsRequest, Page<WebhookEndpointResponse>>(
  'integrations.webhook.list.v1',
  ListWebhookEndpointsRequest,
);
export const GetWebhookEndpoint = defineRpc<CompanyWebhookRequest, WebhookEndpointResponse>(
  'integrations.webhook.get.v1',
  CompanyWebhookRequest,
);
export const DeleteWebhookEndpoint = defineRpc<CompanyWebhookRequest, { deleted: true }>(
  'integrations.webhook.delete.v1',
  CompanyWebhookRequest,
);
export const RotateWebhookSecret = defineRpc<CompanyWebhookRequest, WebhookEndpointWithSecretResponse>(
  'integrations.webhook.rotate-secret.v1',
  CompanyWebhookRequest,
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookAttemptResponse {
  attempt: number;
  at: string;
  responseCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface WebhookDeliveryResponse {
  /** Also the `webhook-id` header: the same on every attempt of this delivery. */
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastResponseCode: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Only on a single delivery: each attempt. */
  attemptLog?: WebhookAttemptResponse[];
}

export class ListWebhookDeliveriesRequest extends CompanyWebhookRequest {
  @ValidateNested() @Type(() => ListQuery) query!: ListQuery;
}
export const ListWebhookDeliveries = defineRpc<ListWebhookDeliveriesRequest, Page<WebhookDeliveryResponse>>(
  'integrations.webhook-delivery.list.v1',
  ListWebhookDeliveriesRequest,
);

export class WebhookDeliveryRequest extends CompanyWebhookRequest {
  @IsUUID() deliveryId!: string;
}
export const GetWebhookDelivery = defineRpc<WebhookDeliveryRequest, WebhookDeliveryResponse>(
  'integrations.webhook-delivery.get.v1',
  WebhookDeliveryRequest,
);
export const RedeliverWebhook = defineRpc<WebhookDeliveryRequest, WebhookDeliveryResponse>(
  'integrations.webhook-delivery.redeliver.v1',
  WebhookDeliveryRequest,
);
export const PingWebhook = defineRpc<CompanyWebhookRequest, WebhookDeliveryResponse>(
  'integrations.webhook.ping.v1',
  CompanyWebhookRequest,
);

export class ReplayWebhookRequest extends CompanyWebhookRequest {
  @IsISO8601() since!: string;
}
export const ReplayWebhook = defineRpc<ReplayWebhookRequest, { queued: number }>(
  'integrations.webhook.replay.v1',
  ReplayWebhookRequest,
);

/** The platform switched an endpoint off after repeated failed deliveries. */
export class WebhookEndpointDisabledData {
  @IsUUID() endpointId!: string;
  /** The endpoint's company; null for a provider's endpoint (then `providerId`). */
  @IsOptional() @IsUUID() companyId!: string | null;
  @IsOptional() @IsUUID() providerId?: string | null;
  @IsString() url!: string;
  @Type(() => Number) @IsInt() @Min(1) consecutiveFailures!: number;
  @IsString() reason!: string;
  @IsISO8601() disabledAt!: string;
}
export const WebhookEndpointDisabled = defineEvent(
  'integrations.events.webhook_endpoint.disabled',
  1,
  WebhookEndpointDisabledData,
);

/** A company's (or provider's) webhook endpoint was created, changed or deleted by an administrator. */
export class WebhookEndpointChangedData {
  @IsUUID() endpointId!: string;
  /** The endpoint's company; null for a provider's endpoint (then `providerId`). */
  @IsOptional() @IsUUID() companyId!: string | null;
  @IsOptional() @IsUUID() providerId?: string | null;
  @IsString() url!: string;
  @IsArray() @IsString({ each: true }) eventTypes!: string[];
  @IsBoolean() active!: boolean;
}
export const WebhookEndpointCreated = defineEvent(
  'integrations.events.webhook_endpoint.created',
  1,
  WebhookEndpointChangedData,
);
export const WebhookEndpointUpdated = defineEvent(
  'integrations.events.webhook_endpoint.updated',
  1,
  WebhookEndpointChangedData,
);
export const WebhookEndpointDeleted = defineEvent(
  'integrations.events.webhook_endpoint.deleted',
  1,
  WebhookEndpointChangedData,
);
export const WebhookSecretRotated = defineEvent(
  'integrations.events.webhook_endpoint.secret_rotated',
  1,
  WebhookEndpointChangedData,
);
