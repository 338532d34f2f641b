import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CancelSubscription,
  CancelSubscriptionRequest,
  CompanyBillingRequest,
  CreateSubscription,
  CreateSubscriptionRequest,
  GetSubscription,
  GetSubscriptionLog,
  UpdateSubscription,
  UpdateSubscriptionRequest,
} from '@roster/contracts';
import { eventMetaOf, RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { BillingAccess } from '../common/billing-access';
import { BillingCycleService } from '../cycle/billing-cycle.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { SubscriptionsService } from './subscriptions.service';

@Controller()
export class SubscriptionsHandler {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly cycle: BillingCycleService,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyService,
  ) {}

  @RpcHandler(GetSubscription)
  async get(@Payload() request: CompanyBillingRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.subscriptions.get(request.companyId);
  }

  @RpcHandler(GetSubscriptionLog)
  async log(@Payload() request: CompanyBillingRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.subscriptions.history(request.companyId);
  }

  @RpcHandler(CreateSubscription)
  async create(@Payload() request: CreateSubscriptionRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.idempotency.run(
      `subscription.create:${request.companyId}`,
      request.idempotencyKey,
      request,
      () =>
        this.subscriptions.create(
          request,
          this.access.isOperator(meta),
          eventMetaOf(meta, request.companyId),
        ),
    );
  }

  @RpcHandler(UpdateSubscription)
  async update(@Payload() request: UpdateSubscriptionRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.subscriptions.update(request, eventMetaOf(meta, request.companyId));
  }

  @RpcHandler(CancelSubscription)
  async cancel(@Payload() request: CancelSubscriptionRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    const eventMeta = eventMetaOf(meta, request.companyId);
    return this.idempotency.run(
      `subscription.cancel:${request.companyId}`,
      request.idempotencyKey,
      request,
      () =>
        request.immediately
          ? this.cycle.cancelNow(request.companyId, eventMeta)
          : this.subscriptions.update({ companyId: request.companyId, cancelAtPeriodEnd: true }, eventMeta),
    );
  }
}
