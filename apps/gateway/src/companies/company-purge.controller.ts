import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PurgeDeletedCompanies } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { PurgeCompaniesDto, PurgeCompaniesResultDto } from './dto/company-purge.dto';

/** Platform operators: purge deleted companies past their grace period now (directory also does it on a timer). */
@ApiTags('companies')
@ApiBearerAuth()
@Controller('admin/companies')
export class CompanyPurgeController {
  constructor(private readonly bus: BusClient) {}

  @Post('purge')
  @HttpCode(200)
  @ApiOkResponse({
    type: PurgeCompaniesResultDto,
    description: 'Operators only: deletes the data of companies deleted longer ago than the grace period',
  })
  @ApiProblems(400, 401, 403)
  purge(@Body() body: PurgeCompaniesDto, @Meta() meta: RequestMeta): Promise<PurgeCompaniesResultDto> {
    return this.bus.request(PurgeDeletedCompanies, body, meta, { timeoutMs: 60_000 });
  }
}
