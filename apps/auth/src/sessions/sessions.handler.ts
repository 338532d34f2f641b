import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AppError,
  Login,
  LoginRequest,
  Logout,
  LogoutRequest,
  Refresh,
  RefreshRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsHandler {
  constructor(private readonly sessions: SessionsService) {}

  @RpcHandler(Login)
  login(@Payload() request: LoginRequest, @RpcMeta() meta: RequestMeta) {
    return this.sessions.login(request, meta);
  }

  @RpcHandler(Refresh)
  refresh(@Payload() request: RefreshRequest) {
    return this.sessions.refresh(request.refreshToken);
  }

  @RpcHandler(Logout)
  logout(@Payload() request: LogoutRequest, @RpcMeta() meta: RequestMeta) {
    const userId = requireUser(meta);
    if (meta.actor.sessionId !== request.sessionId)
      throw new AppError('FORBIDDEN', 'You can only end your own session');
    return this.sessions.logout(request.sessionId, userId);
  }
}
