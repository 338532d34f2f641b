import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AppError,
  CheckSession,
  CheckSessionRequest,
  ListMySessions,
  ListMySessionsRequest,
  Login,
  LoginRequest,
  Logout,
  LogoutRequest,
  Refresh,
  RefreshRequest,
  RevokeSession,
  RevokeSessionRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { requireSessionUser } from '../common/actor';
import { LoginService } from './login.service';
import { SessionsService } from './sessions.service';

@Controller()
export class SessionsHandler {
  constructor(
    private readonly sessions: SessionsService,
    private readonly logins: LoginService,
  ) {}

  @RpcHandler(Login)
  login(@Payload() request: LoginRequest, @RpcMeta() meta: RequestMeta) {
    return this.logins.login(request, meta);
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
    return this.sessions.logout(request.sessionId, userId, meta);
  }

  @RpcHandler(CheckSession)
  check(@Payload() request: CheckSessionRequest, @RpcMeta() meta: RequestMeta) {
    const userId = requireUser(meta);
    if (meta.actor.sessionId !== request.sessionId)
      throw new AppError('FORBIDDEN', 'You can only check your own session');
    return this.sessions.check(request.sessionId, userId);
  }

  @RpcHandler(ListMySessions)
  list(@Payload() request: ListMySessionsRequest, @RpcMeta() meta: RequestMeta) {
    return this.sessions.listMine(requireUser(meta), meta.actor.sessionId, request.query);
  }

  @RpcHandler(RevokeSession)
  revoke(@Payload() request: RevokeSessionRequest, @RpcMeta() meta: RequestMeta) {
    return this.sessions.revoke(requireSessionUser(meta).userId, request.sessionId, meta);
  }
}
