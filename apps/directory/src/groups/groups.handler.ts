import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddGroupLink,
  AddGroupMemberBySystem,
  CreateGroup,
  CreateGroupRequest,
  DeleteGroup,
  EligibleMembersRequest,
  GetGroup,
  GroupIdRequest,
  GroupMembershipCommand,
  LinkRequest,
  ListEligibleGroupMembers,
  ListGroupLinks,
  ListGroups,
  ListGroupsOf,
  ListGroupsRequest,
  ListLinksRequest,
  MoveGroup,
  MoveGroupRequest,
  RemoveGroupLink,
  RemoveGroupMemberBySystem,
  ReverseLookupRequest,
  UpdateGroup,
  UpdateGroupRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { GroupsService } from './groups.service';

@Controller()
export class GroupsHandler {
  constructor(private readonly groups: GroupsService) {}

  @RpcHandler(CreateGroup)
  create(@Payload() request: CreateGroupRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.create(requireUser(meta), request, meta);
  }

  @RpcHandler(ListGroups)
  list(@Payload() request: ListGroupsRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(GetGroup)
  get(@Payload() request: GroupIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.get(requireUser(meta), request.companyId, request.groupId);
  }

  @RpcHandler(UpdateGroup)
  update(@Payload() request: UpdateGroupRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.update(requireUser(meta), request, meta);
  }

  @RpcHandler(MoveGroup)
  move(@Payload() request: MoveGroupRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.move(requireUser(meta), request, meta);
  }

  @RpcHandler(DeleteGroup)
  delete(@Payload() request: GroupIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.delete(requireUser(meta), request.companyId, request.groupId, meta);
  }

  @RpcHandler(AddGroupLink)
  link(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.link(requireUser(meta), request, meta);
  }

  @RpcHandler(RemoveGroupLink)
  unlink(@Payload() request: LinkRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.unlink(requireUser(meta), request, meta);
  }

  @RpcHandler(ListGroupLinks)
  links(@Payload() request: ListLinksRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.listLinks(requireUser(meta), request);
  }

  @RpcHandler(ListEligibleGroupMembers)
  eligible(@Payload() request: EligibleMembersRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.eligible(requireUser(meta), request);
  }

  @RpcHandler(ListGroupsOf)
  groupsOf(@Payload() request: ReverseLookupRequest, @RpcMeta() meta: RequestMeta) {
    return this.groups.groupsOf(requireUser(meta), request);
  }

  /** Integrations' recipes: the actor is a service, so there is no user check; the ids must match. */
  @RpcHandler(AddGroupMemberBySystem)
  addBySystem(@Payload() command: GroupMembershipCommand, @RpcMeta() meta: RequestMeta) {
    return this.groups.addBySystem(command, meta);
  }

  @RpcHandler(RemoveGroupMemberBySystem)
  removeBySystem(@Payload() command: GroupMembershipCommand, @RpcMeta() meta: RequestMeta) {
    return this.groups.removeBySystem(command, meta);
  }
}
