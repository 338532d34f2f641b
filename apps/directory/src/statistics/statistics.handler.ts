import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CompanyIdRequest, GetCompanyStatistics } from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { StatisticsService } from './statistics.service';

@Controller()
export class StatisticsHandler {
  constructor(private readonly statistics: StatisticsService) {}

  @RpcHandler(GetCompanyStatistics)
  get(@Payload() request: CompanyIdRequest, @RpcMeta() meta: RequestMeta) {
    return this.statistics.forCompany(requireUser(meta), request.companyId);
  }
}
