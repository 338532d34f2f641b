import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddOrgUnitLink,
  CreateOrgUnit,
  CreateOrgUnitRequest,
  DeleteOrgUnit,
  DeleteOrgUnitRequest,
  GetOrgUnit,
  LinkRequest,
  ListLinksRequest,
  ListOrgUnitLinks,
  ListOrgUnits,
  ListOrgUnitsOf,
  ListOrgUnitsRequest,
  MoveOrgUnit,
  MoveOrgUnitRequest,
  OrgUnitIdRequest,
  RemoveOrgUnitLink,
  ReverseLookupRequest,
  UpdateOrgUnit,
  UpdateOrgUnitRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { OrgUnitsService } from './org-units.service';

@Controller()
export class OrgUnitsHandler {
  constructor(private readonly units: OrgUnitsService) {}

  @RpcHandler(CreateOrgUnit)
  create(@Payload() request: CreateOrgUnitRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.create(requireUser(meta), request, meta);
  }

  @RpcHandler(ListOrgUnits)
  list(@Payload() request: ListOrgUnitsRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(GetOrgUnit)
  get(@Payload() request: OrgUnitIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.get(requireUser(meta), request.companyId, request.orgUnitId);
  }

  @RpcHandler(UpdateOrgUnit)
  update(@Payload() request: UpdateOrgUnitRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.update(requireUser(meta), request, meta);
  }

  @RpcHandler(MoveOrgUnit)
  move(@Payload() request: MoveOrgUnitRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.move(requireUser(meta), request, meta);
  }

  @RpcHandler(DeleteOrgUnit)
  delete(@Payload() request: DeleteOrgUnitRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.delete(requireUser(meta), request, meta);
  }

  @RpcHandler(AddOrgUnitLink)
  link(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.link(requireUser(meta), request, meta);
  }

  @RpcHandler(RemoveOrgUnitLink)
  unlink(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.unlink(requireUser(meta), request, meta);
  }

  @RpcHandler(ListOrgUnitLinks)
  links(@Payload() request: ListLinksRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.listLinks(requireUser(meta), request);
  }

  @RpcHandler(ListOrgUnitsOf)
  unitsOf(@Payload() request: ReverseLookupRequest, @RpcMeta() meta: RequestMeta) {
    return this.units.unitsOf(requireUser(meta), request);
  }
}
