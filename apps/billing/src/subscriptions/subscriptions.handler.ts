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
import { eventMetaOf, IdempotencyKeys, RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { BillingAccess } from '../common/billing-access';
import { BillingCycleService } from '../cycle/billing-cycle.service';
import { BILLING_IDEMPOTENCY_LEASE_MS } from '../common/idempotency-lease';
import { SubscriptionsService } from './subscriptions.service';

@Controller()
export class SubscriptionsHandler {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly cycle: BillingCycleService,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyKeys,
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
    return this.idempotency.run(meta, CreateSubscription, request, () =>
      this.subscriptions.create(request, this.access.isOperator(meta), eventMetaOf(meta, request.companyId)),
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
    // Now: a final invoice is charged (Stripe) after the cancel commits, so the key is leased first and the
    // response stored at the end; at the period end: one transaction, the response is stored with it.
    return this.idempotency.run(
      meta,
      CancelSubscription,
      request,
      () =>
        request.immediately
          ? this.cycle.cancelNow(request.companyId, eventMeta)
          : this.subscriptions.update({ companyId: request.companyId, cancelAtPeriodEnd: true }, eventMeta),
      request.immediately ? { leaseMs: BILLING_IDEMPOTENCY_LEASE_MS } : {},
    );
  }
}
