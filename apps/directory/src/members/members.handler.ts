import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddMember,
  AddMemberRequest,
  BulkRemoveMembers,
  BulkRemoveMembersRequest,
  CanManageMember,
  CountCompanySeats,
  CountCompanySeatsRequest,
  GetMember,
  ListMemberLog,
  ListMemberLogRequest,
  ListMembers,
  ListMembersRequest,
  MemberRequest,
  RemoveMember,
  UpdateMember,
  UpdateMemberRequest,
} from '@roster/contracts';
import { IdempotencyKeys, RequestMeta, requireCaller, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { MembersService } from './members.service';

@Controller()
export class MembersHandler {
  constructor(
    private readonly members: MembersService,
    private readonly idempotency: IdempotencyKeys,
  ) {}

  @RpcHandler(AddMember)
  add(@Payload() request: AddMemberRequest, @RpcMeta() meta: RequestMeta) {
    const userId = requireUser(meta);
    return this.idempotency.run(meta, AddMember, request, () => this.members.add(userId, request, meta));
  }

  @RpcHandler(ListMembers)
  list(@Payload() request: ListMembersRequest, @RpcMeta() meta: RequestMeta) {
    return this.members.list(requireCaller(meta), request.companyId, request.query);
  }

  @RpcHandler(GetMember)
  get(@Payload() request: MemberRequest, @RpcMeta() meta: RequestMeta) {
    return this.members.get(requireCaller(meta), request);
  }

  @RpcHandler(UpdateMember)
  update(@Payload() request: UpdateMemberRequest, @RpcMeta() meta: RequestMeta) {
    return this.members.update(requireUser(meta), request, meta);
  }

  @RpcHandler(RemoveMember)
  remove(@Payload() request: MemberRequest, @RpcMeta() meta: RequestMeta) {
    return this.members.remove(requireUser(meta), request, meta);
  }

  @RpcHandler(BulkRemoveMembers)
  bulkRemove(@Payload() request: BulkRemoveMembersRequest, @RpcMeta() meta: RequestMeta) {
    return this.members.bulkRemove(requireUser(meta), request, meta);
  }

  @RpcHandler(CanManageMember)
  canManage(@Payload() request: MemberRequest, @RpcMeta() meta: RequestMeta) {
    return this.members.canManage(requireUser(meta), request);
  }

  @RpcHandler(ListMemberLog)
  log(@Payload() request: ListMemberLogRequest, @RpcMeta() meta: RequestMeta) {
    return this.members.log(requireUser(meta), request);
  }

  /** Asked by billing (service actor): the authoritative seat count. */
  @RpcHandler(CountCompanySeats)
  countSeats(@Payload() request: CountCompanySeatsRequest) {
    return this.members.countSeats(request.companyId);
  }
}
