import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddDomain,
  AddDomainRequest,
  DomainIdRequest,
  GetDomain,
  ListDomains,
  ListDomainsRequest,
  RemoveDomain,
  SetDomainSso,
  SetDomainSsoRequest,
  UpdateDomain,
  UpdateDomainRequest,
  VerifyDomain,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { DomainsService } from './domains.service';

@Controller()
export class DomainsHandler {
  constructor(private readonly domains: DomainsService) {}

  @RpcHandler(AddDomain)
  add(@Payload() request: AddDomainRequest, @RpcMeta() meta: RequestMeta) {
    return this.domains.add(requireUser(meta), request);
  }

  @RpcHandler(ListDomains)
  list(@Payload() request: ListDomainsRequest, @RpcMeta() meta: RequestMeta) {
    return this.domains.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(GetDomain)
  get(@Payload() request: DomainIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.domains.get(requireUser(meta), request.companyId, request.domainId);
  }

  @RpcHandler(VerifyDomain)
  verify(@Payload() request: DomainIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.domains.verify(requireUser(meta), request.companyId, request.domainId, meta);
  }

  @RpcHandler(RemoveDomain)
  remove(@Payload() request: DomainIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.domains.remove(requireUser(meta), request.companyId, request.domainId, meta);
  }

  @RpcHandler(UpdateDomain)
  update(@Payload() request: UpdateDomainRequest, @RpcMeta() meta: RequestMeta) {
    return this.domains.update(requireUser(meta), request);
  }

  @RpcHandler(SetDomainSso)
  setSso(@Payload() request: SetDomainSsoRequest, @RpcMeta() meta: RequestMeta) {
    return this.domains.setSso(requireUser(meta), request, meta);
  }
}
