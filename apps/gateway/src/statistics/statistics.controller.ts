import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { GetCompanyStatistics } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { CompanyStatisticsDto } from './dto/company-statistics.dto';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('companies/:companyId/statistics')
export class StatisticsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('companies:read')
  @ApiOkResponse({
    type: CompanyStatisticsDto,
    description: 'Members by role, 2FA adoption, seats (owners/admins)',
  })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<CompanyStatisticsDto> {
    return this.bus.request(GetCompanyStatistics, { companyId }, meta);
  }
}
