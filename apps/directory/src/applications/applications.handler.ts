import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ApplicationIdRequest,
  AssignApplication,
  CreateApplication,
  CreateApplicationRequest,
  DeleteApplication,
  GetApplication,
  LinkRequest,
  ListApplicationAssignees,
  ListApplications,
  ListApplicationsOf,
  ListApplicationsRequest,
  ListLinksRequest,
  ListMyApplications,
  MyApplicationsRequest,
  ReverseLookupRequest,
  UnassignApplication,
  UpdateApplication,
  UpdateApplicationRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { ApplicationsService } from './applications.service';

@Controller()
export class ApplicationsHandler {
  constructor(private readonly applications: ApplicationsService) {}

  @RpcHandler(CreateApplication)
  create(@Payload() request: CreateApplicationRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.create(requireUser(meta), request, meta);
  }

  @RpcHandler(ListApplications)
  list(@Payload() request: ListApplicationsRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(GetApplication)
  get(@Payload() request: ApplicationIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.get(requireUser(meta), request.companyId, request.applicationId);
  }

  @RpcHandler(UpdateApplication)
  update(@Payload() request: UpdateApplicationRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.update(requireUser(meta), request, meta);
  }

  @RpcHandler(DeleteApplication)
  delete(@Payload() request: ApplicationIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.delete(requireUser(meta), request.companyId, request.applicationId, meta);
  }

  @RpcHandler(AssignApplication)
  assign(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.assign(requireUser(meta), request, meta);
  }

  @RpcHandler(UnassignApplication)
  unassign(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.unassign(requireUser(meta), request, meta);
  }

  @RpcHandler(ListApplicationAssignees)
  assignees(@Payload() request: ListLinksRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.assignees(requireUser(meta), request);
  }

  @RpcHandler(ListMyApplications)
  mine(@Payload() request: MyApplicationsRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.mine(requireUser(meta), request.companyId);
  }

  @RpcHandler(ListApplicationsOf)
  applicationsOf(@Payload() request: ReverseLookupRequest, @RpcMeta() meta: RequestMeta) {
    return this.applications.applicationsOf(requireUser(meta), request);
  }
}
