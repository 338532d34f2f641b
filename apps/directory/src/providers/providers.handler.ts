import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddProviderAdministrator,
  CheckProviderAccess,
  CheckProviderAccessRequest,
  ListProviderCustomers,
  ListProviderCustomersRequest,
  AddProviderAdministratorRequest,
  CreateCustomer,
  CreateCustomerRequest,
  CreateProvider,
  CreateProviderRequest,
  CustomerExists,
  CustomerExistsRequest,
  CustomerRequest,
  DeleteCustomer,
  ExportCustomers,
  GetCustomer,
  GetProvider,
  ImportCustomers,
  ImportCustomersRequest,
  ListCustomers,
  ListCustomersRequest,
  ListMyProviders,
  ListMyProvidersRequest,
  ListProviderAdministrators,
  ListProviderAdministratorsPage,
  ListProviderAdministratorsRequest,
  ProviderAdministratorRequest,
  ProviderIdRequest,
  RemoveProviderAdministrator,
  UpdateCustomer,
  UpdateCustomerRequest,
  UpdateProvider,
  UpdateProviderRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { ProvidersService } from './providers.service';

@Controller()
export class ProvidersHandler {
  constructor(private readonly providers: ProvidersService) {}

  /** Asked by billing and integrations; the user checked is in the payload, not the caller. */
  @RpcHandler(CheckProviderAccess)
  checkAccess(@Payload() request: CheckProviderAccessRequest) {
    return this.providers.checkAccess(request.providerId, request.userId);
  }

  @RpcHandler(ListProviderCustomers)
  customers(@Payload() request: ListProviderCustomersRequest) {
    return this.providers.customersOf(request.providerId);
  }

  @RpcHandler(CreateProvider)
  create(@Payload() request: CreateProviderRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.create(requireUser(meta), request);
  }

  @RpcHandler(ListMyProviders)
  listMine(@Payload() request: ListMyProvidersRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.listMine(requireUser(meta), request.query);
  }

  @RpcHandler(GetProvider)
  get(@Payload() request: ProviderIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.get(requireUser(meta), request.providerId);
  }

  @RpcHandler(UpdateProvider)
  update(@Payload() request: UpdateProviderRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.update(requireUser(meta), request);
  }

  @RpcHandler(AddProviderAdministrator)
  addAdministrator(@Payload() request: AddProviderAdministratorRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.addAdministrator(requireUser(meta), request);
  }

  @RpcHandler(ListProviderAdministrators)
  listAdministrators(@Payload() request: ProviderIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.listAdministrators(requireUser(meta), request.providerId);
  }

  @RpcHandler(ListProviderAdministratorsPage)
  listAdministratorsPage(
    @Payload() request: ListProviderAdministratorsRequest,
    @RpcMeta() meta: RequestMeta,
  ) {
    return this.providers.listAdministratorsPage(requireUser(meta), request.providerId, request.query);
  }

  @RpcHandler(RemoveProviderAdministrator)
  removeAdministrator(@Payload() request: ProviderAdministratorRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.removeAdministrator(requireUser(meta), request);
  }

  @RpcHandler(CreateCustomer)
  createCustomer(@Payload() request: CreateCustomerRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.createCustomer(requireUser(meta), request, meta);
  }

  @RpcHandler(ListCustomers)
  listCustomers(@Payload() request: ListCustomersRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.listCustomers(requireUser(meta), request.providerId, request.query);
  }

  @RpcHandler(GetCustomer)
  getCustomer(@Payload() request: CustomerRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.getCustomer(requireUser(meta), request);
  }

  @RpcHandler(UpdateCustomer)
  updateCustomer(@Payload() request: UpdateCustomerRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.updateCustomer(requireUser(meta), request, meta);
  }

  @RpcHandler(DeleteCustomer)
  deleteCustomer(@Payload() request: CustomerRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.deleteCustomer(requireUser(meta), request, meta);
  }

  @RpcHandler(CustomerExists)
  customerExists(@Payload() request: CustomerExistsRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.customerExists(requireUser(meta), request);
  }

  @RpcHandler(ExportCustomers)
  exportCustomers(@Payload() request: ProviderIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.exportCustomers(requireUser(meta), request.providerId);
  }

  @RpcHandler(ImportCustomers)
  importCustomers(@Payload() request: ImportCustomersRequest, @RpcMeta() meta: RequestMeta) {
    return this.providers.importCustomers(requireUser(meta), request, meta);
  }
}
