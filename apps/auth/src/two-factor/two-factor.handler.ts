import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ConfirmTotpEnrolment,
  ConfirmTotpEnrolmentRequest,
  DisableTotp,
  GetTwoFactorStatus,
  ReauthenticationRequest,
  RegenerateRecoveryCodes,
  StartTotpEnrolment,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { requireSessionUser } from '../common/actor';
import { TwoFactorService } from './two-factor.service';

@Controller()
export class TwoFactorHandler {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @RpcHandler(GetTwoFactorStatus)
  status(@RpcMeta() meta: RequestMeta) {
    return this.twoFactor.status(requireUser(meta));
  }

  @RpcHandler(StartTotpEnrolment)
  start(@RpcMeta() meta: RequestMeta) {
    return this.twoFactor.startEnrolment(requireSessionUser(meta, { allowEnrollment: true }).userId);
  }

  @RpcHandler(ConfirmTotpEnrolment)
  confirm(@Payload() request: ConfirmTotpEnrolmentRequest, @RpcMeta() meta: RequestMeta) {
    return this.twoFactor.confirmEnrolment(
      requireSessionUser(meta, { allowEnrollment: true }).userId,
      request.code,
      meta,
    );
  }

  @RpcHandler(RegenerateRecoveryCodes)
  regenerate(@Payload() request: ReauthenticationRequest, @RpcMeta() meta: RequestMeta) {
    return this.twoFactor.regenerateRecoveryCodes(requireSessionUser(meta).userId, request, meta);
  }

  @RpcHandler(DisableTotp)
  disable(@Payload() request: ReauthenticationRequest, @RpcMeta() meta: RequestMeta) {
    return this.twoFactor.disable(requireSessionUser(meta).userId, request, meta);
  }
}
