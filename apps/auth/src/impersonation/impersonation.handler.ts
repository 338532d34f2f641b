import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EndImpersonation, StartImpersonation, StartImpersonationRequest } from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { ImpersonationService } from './impersonation.service';

@Controller()
export class ImpersonationHandler {
  constructor(private readonly impersonation: ImpersonationService) {}

  @RpcHandler(StartImpersonation)
  start(@Payload() request: StartImpersonationRequest, @RpcMeta() meta: RequestMeta) {
    return this.impersonation.start(request, meta);
  }

  @RpcHandler(EndImpersonation)
  end(@RpcMeta() meta: RequestMeta) {
    return this.impersonation.end(meta);
  }
}
