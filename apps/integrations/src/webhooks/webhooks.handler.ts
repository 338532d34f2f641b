import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CompanyWebhookRequest,
  CreateWebhookEndpoint,
  CreateWebhookEndpointRequest,
  DeleteWebhookEndpoint,
  GetWebhookDelivery,
  GetWebhookEndpoint,
  ListWebhookDeliveries,
  ListWebhookDeliveriesRequest,
  ListWebhookEndpoints,
  ListWebhookEndpointsRequest,
  PingWebhook,
  RedeliverWebhook,
  ReplayWebhook,
  ReplayWebhookRequest,
  RotateWebhookSecret,
  UpdateWebhookEndpoint,
  UpdateWebhookEndpointRequest,
  WebhookDeliveryRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { WebhooksService } from './webhooks.service';

@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @RpcHandler(CreateWebhookEndpoint)
  create(@Payload() request: CreateWebhookEndpointRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.create(request, meta);
  }

  @RpcHandler(UpdateWebhookEndpoint)
  update(@Payload() request: UpdateWebhookEndpointRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.update(request, meta);
  }

  @RpcHandler(ListWebhookEndpoints)
  list(@Payload() request: ListWebhookEndpointsRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.list(request, meta);
  }

  @RpcHandler(GetWebhookEndpoint)
  get(@Payload() request: CompanyWebhookRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.get(request, meta);
  }

  @RpcHandler(DeleteWebhookEndpoint)
  delete(@Payload() request: CompanyWebhookRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.delete(request, meta);
  }

  @RpcHandler(RotateWebhookSecret)
  rotate(@Payload() request: CompanyWebhookRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.rotateSecret(request, meta);
  }

  @RpcHandler(ListWebhookDeliveries)
  deliveries(@Payload() request: ListWebhookDeliveriesRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.listDeliveries(request, meta);
  }

  @RpcHandler(GetWebhookDelivery)
  delivery(@Payload() request: WebhookDeliveryRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.getDelivery(request, meta);
  }

  @RpcHandler(RedeliverWebhook)
  redeliver(@Payload() request: WebhookDeliveryRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.redeliver(request, meta);
  }

  @RpcHandler(PingWebhook)
  ping(@Payload() request: CompanyWebhookRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.ping(request, meta);
  }

  @RpcHandler(ReplayWebhook)
  replay(@Payload() request: ReplayWebhookRequest, @RpcMeta() meta: RequestMeta) {
    return this.webhooks.replay(request, meta);
  }
}
