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
  WEBHOOK_DELIVERY_STATUSES,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { RouteScope, RouteScopeRef } from '../common/route-scope';
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
  filterable: {
    active: filterField.boolean(),
    url: filterField.text(['eq', 'search']),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

export const WEBHOOK_DELIVERY_LIST_SPEC: ListQuerySpec = {
  sortable: ['createdAt', 'attempts'],
  filterable: {
    status: filterField.enum(WEBHOOK_DELIVERY_STATUSES),
    eventType: filterField.text(['eq', 'search', 'in']),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'desc' }],
};

/**
 * Signed outgoing webhooks (Standard Webhooks) of a company, managed by its owners and admins, or of a
 * provider (its customer companies' events), managed by its administrators. Subclasses give the path.
 */
abstract class WebhookRoutes {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; the signing secret is returned only now' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  create(
    @RouteScope() scope: RouteScopeRef,
    @Body() body: CreateWebhookDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretDto> {
    return this.bus.request(CreateWebhookEndpoint, { ...scope, ...body }, meta);
  }

  @Get()
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookEndpointPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @RouteScope() scope: RouteScopeRef,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointPageDto> {
    return this.bus.request(
      ListWebhookEndpoints,
      { ...scope, query: parseListQuery(query, WEBHOOK_LIST_SPEC) },
      meta,
    );
  }

  @Get(':webhookId')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointDto> {
    return this.bus.request(GetWebhookEndpoint, { ...scope, webhookId }, meta);
  }

  @Patch(':webhookId')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 401, 403, 404, 422)
  update(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Body() body: UpdateWebhookDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointDto> {
    return this.bus.request(UpdateWebhookEndpoint, { ...scope, webhookId, ...body }, meta);
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its delivery log' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteWebhookEndpoint, { ...scope, webhookId }, meta);
  }

  @Post(':webhookId/secret/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'New signing secret (shown once); the old one keeps signing beside it for 24 hours',
  })
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @ApiProblems(400, 401, 403, 404)
  rotate(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretDto> {
    return this.bus.request(RotateWebhookSecret, { ...scope, webhookId }, meta);
  }

  @Post(':webhookId/ping')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue a test delivery (`integrations.webhook.ping`), even to an inactive endpoint',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(400, 401, 403, 404)
  ping(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryDto> {
    return this.bus.request(PingWebhook, { ...scope, webhookId }, meta);
  }

  @Post(':webhookId/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue (again) every event of the company since a time that the endpoint subscribes to',
  })
  @ApiAcceptedResponse({ type: ReplayQueuedDto })
  @ApiProblems(400, 401, 403, 404)
  replay(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Body() body: ReplayWebhookDto,
    @Meta() meta: RequestMeta,
  ): Promise<ReplayQueuedDto> {
    return this.bus.request(ReplayWebhook, { ...scope, webhookId, since: body.since }, meta);
  }

  @Get(':webhookId/deliveries')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookDeliveryPageDto, description: 'The delivery log, newest first by default' })
  @ApiProblems(400, 401, 403, 404)
  deliveries(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryPageDto> {
    return this.bus.request(
      ListWebhookDeliveries,
      { ...scope, webhookId, query: parseListQuery(query, WEBHOOK_DELIVERY_LIST_SPEC) },
      meta,
    );
  }

  @Get(':webhookId/deliveries/:deliveryId')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: WebhookDeliveryDto, description: 'With every attempt' })
  @ApiProblems(400, 401, 403, 404)
  delivery(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Param('deliveryId', uuidParam('deliveryId')) deliveryId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryDto> {
    return this.bus.request(GetWebhookDelivery, { ...scope, webhookId, deliveryId }, meta);
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'One more attempt of this delivery, now' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(400, 401, 403, 404)
  redeliver(
    @RouteScope() scope: RouteScopeRef,
    @Param('webhookId', uuidParam('webhookId')) webhookId: string,
    @Param('deliveryId', uuidParam('deliveryId')) deliveryId: string,
    @Meta() meta: RequestMeta,
  ): Promise<WebhookDeliveryDto> {
    return this.bus.request(RedeliverWebhook, { ...scope, webhookId, deliveryId }, meta);
  }
}

/** A company's endpoints: `/companies/{companyId}/webhooks/…`. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('companies/:companyId/webhooks')
export class WebhooksController extends WebhookRoutes {
  constructor(bus: BusClient) {
    super(bus);
  }
}

/** A provider's endpoints: they receive the events of all the provider's customer companies. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('providers/:providerId/webhooks')
export class ProviderWebhooksController extends WebhookRoutes {
  constructor(bus: BusClient) {
    super(bus);
  }
}
