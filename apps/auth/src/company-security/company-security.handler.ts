import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CompanyIdOnlyRequest,
  GetTwoFactorStats,
  MemberRefRequest,
  ResetMemberTwoFactor,
  SetMemberPassword,
  SetMemberPasswordRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { CompanySecurityService } from './company-security.service';

@Controller()
export class CompanySecurityHandler {
  constructor(private readonly security: CompanySecurityService) {}

  @RpcHandler(SetMemberPassword)
  setPassword(@Payload() request: SetMemberPasswordRequest, @RpcMeta() meta: RequestMeta) {
    return this.security.setMemberPassword(request.companyId, request.userId, request.newPassword, meta);
  }

  @RpcHandler(ResetMemberTwoFactor)
  resetTwoFactor(@Payload() request: MemberRefRequest, @RpcMeta() meta: RequestMeta) {
    return this.security.resetMemberTwoFactor(request.companyId, request.userId, meta);
  }

  @RpcHandler(GetTwoFactorStats)
  stats(@Payload() request: CompanyIdOnlyRequest, @RpcMeta() meta: RequestMeta) {
    return this.security.stats(request.companyId, meta);
  }
}
