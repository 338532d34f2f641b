import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ListMyAccountLog, ListMyAccountLogRequest } from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { AccountLogService } from './account-log.service';

@Controller()
export class AccountLogHandler {
  constructor(private readonly log: AccountLogService) {}

  @RpcHandler(ListMyAccountLog)
  list(@Payload() request: ListMyAccountLogRequest, @RpcMeta() meta: RequestMeta) {
    return this.log.listMine(requireUser(meta), request.query);
  }
}
