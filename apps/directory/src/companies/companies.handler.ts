import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AcceptOwnershipTransfer,
  AcceptOwnershipTransferRequest,
  CheckCompanyAccess,
  CheckCompanyAccessRequest,
  CompanyIdRequest,
  CreateCompany,
  CreateCompanyRequest,
  CreateOwnershipTransfer,
  CreateOwnershipTransferRequest,
  DeleteCompany,
  GetCompany,
  GetCompanyBranding,
  GetCompanyLogo,
  GetCompanySettings,
  ListMyCompanies,
  ListMyCompaniesRequest,
  PurgeDeletedCompanies,
  PurgeDeletedCompaniesRequest,
  RestoreCompany,
  SetCompanyLogo,
  SetCompanyLogoRequest,
  UpdateCompany,
  UpdateCompanyBranding,
  UpdateCompanyBrandingRequest,
  UpdateCompanyRequest,
  UpdateCompanySettings,
  UpdateCompanySettingsRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { CompaniesService } from './companies.service';
import { CompanyPurgeService } from './company-purge.service';

@Controller()
export class CompaniesHandler {
  constructor(
    private readonly companies: CompaniesService,
    private readonly purge: CompanyPurgeService,
  ) {}

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

  @RpcHandler(RestoreCompany)
  restore(@Payload() request: CompanyIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.restore(requireUser(meta), request.companyId, meta);
  }

  @RpcHandler(PurgeDeletedCompanies)
  purgeDeleted(@Payload() request: PurgeDeletedCompaniesRequest, @RpcMeta() meta: RequestMeta) {
    return this.purge.runFor(meta, request.companyId);
  }

  @RpcHandler(GetCompanySettings)
  getSettings(@Payload() request: CompanyIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.getSettings(requireUser(meta), request.companyId);
  }

  @RpcHandler(UpdateCompanySettings)
  updateSettings(@Payload() request: UpdateCompanySettingsRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.updateSettings(requireUser(meta), request, meta);
  }

  @RpcHandler(GetCompanyBranding)
  getBranding(@Payload() request: CompanyIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.getBranding(requireUser(meta), request.companyId);
  }

  @RpcHandler(UpdateCompanyBranding)
  updateBranding(@Payload() request: UpdateCompanyBrandingRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.updateBranding(requireUser(meta), request, meta);
  }

  @RpcHandler(SetCompanyLogo)
  setLogo(@Payload() request: SetCompanyLogoRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.setLogo(requireUser(meta), request, meta);
  }

  @RpcHandler(GetCompanyLogo)
  getLogo(@Payload() request: CompanyIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.getLogo(requireUser(meta), request.companyId);
  }

  @RpcHandler(CreateOwnershipTransfer)
  createTransfer(@Payload() request: CreateOwnershipTransferRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.createOwnershipTransfer(requireUser(meta), request);
  }

  @RpcHandler(AcceptOwnershipTransfer)
  acceptTransfer(@Payload() request: AcceptOwnershipTransferRequest, @RpcMeta() meta: RequestMeta) {
    return this.companies.acceptOwnershipTransfer(requireUser(meta), request, meta);
  }

  /** Asked by billing and integrations; the user checked is in the payload, not the caller. */
  @RpcHandler(CheckCompanyAccess)
  checkAccess(@Payload() request: CheckCompanyAccessRequest) {
    return this.companies.checkAccess(request.companyId, request.userId);
  }
}
