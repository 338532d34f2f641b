import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ChangePassword,
  ChangePasswordRequest,
  CheckPasswordStrength,
  ForgotPassword,
  ForgotPasswordRequest,
  PasswordStrengthRequest,
  ResetPassword,
  ResetPasswordRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { requireSessionUser } from '../common/actor';
import { PasswordsService } from './passwords.service';

@Controller()
export class PasswordsHandler {
  constructor(private readonly passwords: PasswordsService) {}

  @RpcHandler(ChangePassword)
  change(@Payload() request: ChangePasswordRequest, @RpcMeta() meta: RequestMeta) {
    return this.passwords.change(requireSessionUser(meta), request, meta);
  }

  @RpcHandler(ForgotPassword)
  forgot(@Payload() request: ForgotPasswordRequest, @RpcMeta() meta: RequestMeta) {
    return this.passwords.forgot(request.email, meta);
  }

  @RpcHandler(ResetPassword)
  reset(@Payload() request: ResetPasswordRequest, @RpcMeta() meta: RequestMeta) {
    return this.passwords.reset(request, meta);
  }

  @RpcHandler(CheckPasswordStrength)
  strength(@Payload() request: PasswordStrengthRequest) {
    return this.passwords.strength(request.password);
  }
}
