import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DisableUser, EnableUser, UserStatusRequest } from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { UserAdminService } from './user-admin.service';

@Controller()
export class UserAdminHandler {
  constructor(private readonly admin: UserAdminService) {}

  @RpcHandler(DisableUser)
  disable(@Payload() request: UserStatusRequest, @RpcMeta() meta: RequestMeta) {
    return this.admin.disable(request.userId, meta);
  }

  @RpcHandler(EnableUser)
  enable(@Payload() request: UserStatusRequest, @RpcMeta() meta: RequestMeta) {
    return this.admin.enable(request.userId, meta);
  }
}
