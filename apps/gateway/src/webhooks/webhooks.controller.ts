import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateWebhookEndpoint,
  DeleteWebhookEndpoint,
  GetWebhookDelivery,
  GetWebhookEndpoint,
  ListWebhookDeliveries,
  ListWebhookEndpoints,
  PingWebhook,
  RedeliverWebhook,
  ReplayWebhook,
  RotateWebhookSecret,
  UpdateWebhookEndpoint,
} from '@roster/contracts';
import { ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { ReplayWebhookDto } from './dto/replay-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import {
  ReplayQueuedDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook.dto';

export const WEBHOOK_LIST_SPEC: ListQuerySpec = {
  sortable: ['createdAt', 'url'],
  filterable: { active: ['eq'], url: ['eq', 'search'], createdAt: ['gt', 'ge', 'lt', 'le', 'between'] },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

export const WEBHOOK_DELIVERY_LIST_SPEC: ListQuerySpec = {
  sortable: ['createdAt', 'attempts'],
  filterable: {
    status: ['eq', 'ne', 'in'],
    eventType: ['eq', 'search', 'in'],
    createdAt: ['gt', 'ge', 'lt', 'le', 'between'],
  },
  defaultSort: [{ field: 'createdAt', direction: 'desc' }],
};

/** Signed outgoing webhooks of a company (Standard Webhooks). Managed by its owners and admins. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('companies/:companyId/webhooks')
export class WebhooksController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; the signing secret is returned only now' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: CreateWebhookDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretDto> {
    return this.bus.request(CreateWebhookEndpoint, { companyId, ...body }, meta);
  }

  @Get()
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointPageDto> {
    return this.bus.request(
      ListWebhookEndpoints,
      { companyId, query: parseListQuery(query, WEBHOOK_LIST_SPEC) },
      meta,
    );
  }

  @Get(':webhookId')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointDto> {
    return this.bus.request(GetWebhookEndpoint, { companyId, webhookId }, meta);
  }

  @Patch(':webhookId')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 401, 403, 404, 422)
  update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Body() body: UpdateWebhookDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointDto> {
    return this.bus.request(UpdateWebhookEndpoint, { companyId, webhookId, ...body }, meta);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its delivery log' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteWebhookEndpoint, { companyId, webhookId }, meta);
  }

  @Post(':webhookId/secret/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'New signing secret (shown once); the old one keeps signing beside it for 24 hours',
  })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400, 401, 403, 404)
  rotate(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretDto> {
    return this.bus.request(RotateWebhookSecret, { companyId, webhookId }, meta);
  }

  @Post(':webhookId/ping')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue a test delivery (`integrations.webhook.ping`), even to an inactive endpoint',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(400, 401, 403, 404)
  ping(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryDto> {
    return this.bus.request(PingWebhook, { companyId, webhookId }, meta);
  }

  @Post(':webhookId/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue (again) every event of the company since a time that the endpoint subscribes to',
  })
  @ApiAcceptedResponse({ type: ReplayQueuedDto })
  @ApiProblems(400, 401, 403, 404)
  replay(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Body() body: ReplayWebhookDto,
    @Meta() meta: RequestMeta,
  ): Promise<ReplayQueuedDto> {
    return this.bus.request(ReplayWebhook, { companyId, webhookId, since: body.since }, meta);
  }

  @Get(':webhookId/deliveries')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookDeliveryPageDto, description: 'The delivery log, newest first by default' })
  @ApiProblems(400, 401, 403, 404)
  deliveries(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryPageDto> {
    return this.bus.request(
      ListWebhookDeliveries,
      { companyId, webhookId, query: parseListQuery(query, WEBHOOK_DELIVERY_LIST_SPEC) },
      meta,
    );
  }

  @Get(':webhookId/deliveries/:deliveryId')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookDeliveryDto, description: 'With every attempt' })
  @ApiProblems(400, 401, 403, 404)
  delivery(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Param('deliveryId', uuidParam('deliveryId')) deliveryId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryDto> {
    return this.bus.request(GetWebhookDelivery, { companyId, webhookId, deliveryId }, meta);
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'One more attempt of this delivery, now' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(400, 401, 403, 404)
  redeliver(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Param('deliveryId', uuidParam('deliveryId')) deliveryId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryDto> {
    return this.bus.request(RedeliverWebhook, { companyId, webhookId, deliveryId }, meta);
  }
}
