import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListMyApplications } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { LaunchableApplicationListDto, MyApplicationsQueryDto } from './dto/application.dto';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/applications')
export class MyApplicationsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('profile:read')
  @ApiOkResponse({
    type: LaunchableApplicationListDto,
    description:
      'What I can launch in all my companies: assigned directly, through my org units (and those above), my ' +
      'groups (and their parents) and my labels; `via` lists every path',
  })
  @ApiProblems(400, 401, 403)
  list(@Query() query: MyApplicationsQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(ListMyApplications, { companyId: query.companyId }, meta);
  }
}
