import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RegisterUser, RegisterUserRequest } from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { UsersService } from './users.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @RpcHandler(RegisterUser)
  register(@Payload() request: RegisterUserRequest, @RpcMeta() meta: RequestMeta) {
    return this.users.register(request, meta);
  }
}
