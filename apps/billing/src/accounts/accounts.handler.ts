import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GetBillingAccount, GetBillingAccountRequest } from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { AccountsService } from './accounts.service';

@Controller()
export class AccountsHandler {
  constructor(private readonly accounts: AccountsService) {}

  @RpcHandler(GetBillingAccount)
  get(@Payload() request: GetBillingAccountRequest, @RpcMeta() meta: RequestMeta) {
    return this.accounts.get(request.companyId, meta);
  }
}
