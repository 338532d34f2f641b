import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CheckCompanyAccess,
  CheckCompanyAccessRequest,
  CompanyIdRequest,
  CreateCompany,
  CreateCompanyRequest,
  DeleteCompany,
  GetCompany,
  ListMyCompanies,
  ListMyCompaniesRequest,
  UpdateCompany,
  UpdateCompanyRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { CompaniesService } from './companies.service';

@Controller()
export class CompaniesHandler {
  constructor(private readonly companies: CompaniesService) {}

  @RpcHandler(CreateCompany)
  create(@Payload() request: CreateCompanyRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.create(requireUser(meta), request, meta);
  }

  @RpcHandler(ListMyCompanies)
  list(@Payload() request: ListMyCompaniesRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.list(requireUser(meta), request.query);
  }

  @RpcHandler(GetCompany)
  get(@Payload() request: CompanyIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.get(requireUser(meta), request.companyId);
  }

  @RpcHandler(UpdateCompany)
  update(@Payload() request: UpdateCompanyRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.update(requireUser(meta), request, meta);
  }

  @RpcHandler(DeleteCompany)
  delete(@Payload() request: CompanyIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.delete(requireUser(meta), request.companyId, meta);
  }

  /** Asked by billing and integrations; the user checked is in the payload, not the caller. */
  @RpcHandler(CheckCompanyAccess)
  checkAccess(@Payload() request: CheckCompanyAccessRequest) {
    return this.companies.checkAccess(request.companyId, request.userId);
  }
}
