import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  GetProviderBillingDetails,
  GetProviderContract,
  GetProviderInvoice,
  IssueProviderInvoice,
  IssueProviderInvoiceRequest,
  ListProviderInvoices,
  ListProviderLicences,
  ProviderBillingRequest,
  ProviderInvoiceIdRequest,
  PutProviderBillingDetails,
  PutProviderBillingDetailsRequest,
  PutProviderContract,
  PutProviderContractRequest,
  SetCustomerLicences,
  SetCustomerLicencesRequest,
} from '@roster/contracts';
import { IdempotencyKeys, RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { BillingAccess } from '../common/billing-access';
import { ProviderBillingService } from './provider-billing.service';

@Controller()
export class ProviderBillingHandler {
  constructor(
    private readonly providers: ProviderBillingService,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  @RpcHandler(PutProviderContract)
  putContract(@Payload() request: PutProviderContractRequest, @RpcMeta() meta: RequestMeta) {
    this.access.requireOperator(meta);
    return this.providers.putContract(request);
  }

  @RpcHandler(GetProviderContract)
  async getContract(@Payload() request: ProviderBillingRequest, @RpcMeta() meta: RequestMeta) {
    await this.providers.requireProviderAdmin(request.providerId, meta);
    return this.providers.getContract(request.providerId);
  }

  @RpcHandler(GetProviderBillingDetails)
  async getDetails(@Payload() request: ProviderBillingRequest, @RpcMeta() meta: RequestMeta) {
    await this.providers.requireProviderAdmin(request.providerId, meta);
    return this.providers.getDetails(request.providerId);
  }

  @RpcHandler(PutProviderBillingDetails)
  async putDetails(@Payload() request: PutProviderBillingDetailsRequest, @RpcMeta() meta: RequestMeta) {
    await this.providers.requireProviderAdmin(request.providerId, meta);
    return this.providers.putDetails(request);
  }

  @RpcHandler(ListProviderLicences)
  async licences(@Payload() request: ProviderBillingRequest, @RpcMeta() meta: RequestMeta) {
    await this.providers.requireProviderAdmin(request.providerId, meta);
    return this.providers.licences(request.providerId, meta);
  }

  @RpcHandler(SetCustomerLicences)
  async setLicences(@Payload() request: SetCustomerLicencesRequest, @RpcMeta() meta: RequestMeta) {
    await this.providers.requireProviderAdmin(request.providerId, meta);
    return this.providers.setLicences(request.providerId, request.companyId, request.purchased, meta);
  }

  @RpcHandler(IssueProviderInvoice)
  issue(@Payload() request: IssueProviderInvoiceRequest, @RpcMeta() meta: RequestMeta) {
    this.access.requireOperator(meta);
    return this.idempotency.run(meta, IssueProviderInvoice, request, () =>
      this.providers.issueInvoice(
        request.providerId,
        new Date(request.periodStart),
        new Date(request.periodEnd),
      ),
    );
  }

  @RpcHandler(ListProviderInvoices)
  async list(@Payload() request: ProviderBillingRequest, @RpcMeta() meta: RequestMeta) {
    await this.providers.requireProviderAdmin(request.providerId, meta);
    return this.providers.listInvoices(request.providerId);
  }

  @RpcHandler(GetProviderInvoice)
  async get(@Payload() request: ProviderInvoiceIdRequest, @RpcMeta() meta: RequestMeta) {
    await this.providers.requireProviderAdmin(request.providerId, meta);
    return this.providers.getInvoice(request.providerId, request.invoiceId);
  }
}
