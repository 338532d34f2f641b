import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DiscoverSso, DiscoverSsoRequest } from '@roster/contracts';
import { RpcHandler } from '@roster/messaging';
import { SsoDomainsService } from './sso-domains.service';

@Controller()
export class SsoHandler {
  constructor(private readonly domains: SsoDomainsService) {}

  /** Public (no caller needed): the answer depends on the domain only. */
  @RpcHandler(DiscoverSso)
  discover(@Payload() request: DiscoverSsoRequest) {
    return this.domains.discover(request.email);
  }
}
