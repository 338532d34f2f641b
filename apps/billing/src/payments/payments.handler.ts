import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AttachPaymentMethod,
  AttachPaymentMethodRequest,
  CompanyPaymentMethodRequest,
  GetBillingDetails,
  GetBillingPublicKey,
  GetPaymentMethod,
  RemovePaymentMethod,
  UpdateBillingDetails,
  UpdateBillingDetailsRequest,
} from '@roster/contracts';
import { eventMetaOf, RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { BillingDetailsService } from '../accounts/billing-details.service';
import { BillingAccess } from '../common/billing-access';
import { PaymentsService } from './payments.service';

@Controller()
export class PaymentsHandler {
  constructor(
    private readonly payments: PaymentsService,
    private readonly details: BillingDetailsService,
    private readonly access: BillingAccess,
  ) {}

  @RpcHandler(GetBillingPublicKey)
  publicKey() {
    return this.payments.publicKey();
  }

  @RpcHandler(GetPaymentMethod)
  async get(@Payload() request: CompanyPaymentMethodRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.payments.get(request.companyId);
  }

  @RpcHandler(AttachPaymentMethod)
  async attach(@Payload() request: AttachPaymentMethodRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.payments.attach(request.companyId, request.token, eventMetaOf(meta, request.companyId));
  }

  @RpcHandler(RemovePaymentMethod)
  async remove(@Payload() request: CompanyPaymentMethodRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.payments.remove(request.companyId);
  }

  @RpcHandler(GetBillingDetails)
  async details_(@Payload() request: CompanyPaymentMethodRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.details.get(request.companyId);
  }

  @RpcHandler(UpdateBillingDetails)
  async updateDetails(@Payload() request: UpdateBillingDetailsRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireAdmin(request.companyId, meta);
    return this.details.update(request);
  }
}
