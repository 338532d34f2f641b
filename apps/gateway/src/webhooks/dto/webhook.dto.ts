import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Page,
  WEBHOOK_DELIVERY_STATUSES,
  WebhookAttemptResponse,
  WebhookDeliveryResponse,
  WebhookDeliveryStatus,
  WebhookEndpointResponse,
  WebhookEndpointWithSecretResponse,
} from '@roster/contracts';

export class WebhookEndpointDto implements WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The owning company (null: a provider’s)',
  })
  companyId!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The owning provider (null: a company’s)',
  })
  providerId!: string | null;
  @ApiProperty({ example: 'https://example.com/hooks/roster' }) url!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({
    type: [String],
    description: 'Empty: every event of the company (a provider’s: of each customer company)',
  })
  eventTypes!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Set when the platform switched the endpoint off',
  })
  disabledReason!: string | null;
  @ApiProperty({ description: 'Failed attempts in a row (reset by a success)' }) consecutiveFailures!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class WebhookEndpointWithSecretDto
  extends WebhookEndpointDto
  implements WebhookEndpointWithSecretResponse
{
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The signing secret; shown only now. Verify `webhook-signature` with it (Standard Webhooks).',
  })
  secret!: string;
}

export class WebhookEndpointPageDto implements Page<WebhookEndpointResponse> {
  @ApiProperty({ type: [WebhookEndpointDto] }) items!: WebhookEndpointDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class WebhookAttemptDto implements WebhookAttemptResponse {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: Number }) responseCode!: number | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class WebhookDeliveryDto implements WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'Also the `webhook-id` header' }) id!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status!: WebhookDeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: Number }) lastResponseCode!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lastDurationMs!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiPropertyOptional({ type: [WebhookAttemptDto], description: 'On a single delivery: every attempt' })
  attemptLog?: WebhookAttemptDto[];
}

export class WebhookDeliveryPageDto implements Page<WebhookDeliveryResponse> {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() skip!: number;
}

export class ReplayQueuedDto {
  @ApiProperty({ description: 'Deliveries queued (again)' }) queued!: number;
}
