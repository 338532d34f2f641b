import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ActivateOAuthIntegration,
  ActivateOAuthRequest,
  CompleteOAuthIntegration,
  CompleteOAuthRequest,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { OAuthService } from './oauth.service';

@Controller()
export class OAuthHandler {
  constructor(private readonly oauth: OAuthService) {}

  @RpcHandler(ActivateOAuthIntegration)
  activate(@Payload() request: ActivateOAuthRequest, @RpcMeta() meta: RequestMeta) {
    return this.oauth.activate(request, meta);
  }

  /** The state is the credential here (the provider sends the browser back without Roster's token). */
  @RpcHandler(CompleteOAuthIntegration)
  complete(@Payload() request: CompleteOAuthRequest) {
    return this.oauth.complete(request);
  }
}
