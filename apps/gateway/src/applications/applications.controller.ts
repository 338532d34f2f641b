import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AssignApplication,
  CreateApplication,
  DeleteApplication,
  GetApplication,
  ListApplicationAssignees,
  ListApplications,
  ListApplicationsOf,
  UnassignApplication,
  UpdateApplication,
} from '@roster/contracts';
import { parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { LINK_LIST_SPEC, LinkedItemDto, LinkedItemPageDto, UserRefDto } from '../groups/dto/linked-item.dto';
import {
  APPLICATION_LIST_SPEC,
  ApplicationDto,
  ApplicationPageDto,
  CreateApplicationDto,
  LaunchableApplicationPageDto,
  UpdateApplicationDto,
} from './dto/application.dto';

const company = () => Param('companyId', uuidParam('companyId'));
const application = () => Param('applicationId', uuidParam('applicationId'));

/** The company's application catalogue and direct assignments. Reads: any member; changes: admins. */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class ApplicationsController {
  constructor(private readonly bus: BusClient) {}

  @Post('applications')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: ApplicationDto })
  @ApiProblems(400, 401, 403, 404, 409)
  create(@company() companyId: string, @Body() body: CreateApplicationDto, @Meta() meta: RequestMeta) {
    return this.bus.request(CreateApplication, { companyId, ...body }, meta);
  }

  @Get('applications')
  @RequireScopes('companies:read')
  @ApiOkResponse({
    type: ApplicationPageDto,
    description: 'Filter `labelId:eq:<id>` for a label’s applications',
  })
  @ApiProblems(400, 401, 403, 404)
  list(@company() companyId: string, @Query() query: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(
      ListApplications,
      { companyId, query: parseListQuery(query, APPLICATION_LIST_SPEC) },
      meta,
    );
  }

  @Get('applications/:applicationId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 401, 403, 404)
  get(@company() companyId: string, @application() applicationId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetApplication, { companyId, applicationId }, meta);
  }

  @Patch('applications/:applicationId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: ApplicationDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @company() companyId: string,
    @application() applicationId: string,
    @Body() body: UpdateApplicationDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateApplication, { companyId, applicationId, ...body }, meta);
  }

  @Delete('applications/:applicationId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse({ description: 'Removed with every assignment' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @company() companyId: string,
    @application() applicationId: string,
    @Meta() meta: RequestMeta,
  ) {
    await this.bus.request(DeleteApplication, { companyId, applicationId }, meta);
  }

  @Get('applications/:applicationId/members')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto, description: 'Members it is assigned to directly' })
  @ApiProblems(400, 401, 403, 404)
  members(
    @company() c: string,
    @application() a: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListApplicationAssignees,
      { companyId: c, ownerId: a, kind: 'member', query: parseListQuery(q, LINK_LIST_SPEC) },
      meta,
    );
  }

  @Post('applications/:applicationId/members')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  assign(
    @company() c: string,
    @application() a: string,
    @Body() body: UserRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      AssignApplication,
      { companyId: c, ownerId: a, kind: 'member', targetId: body.userId },
      meta,
    );
  }

  @Delete('applications/:applicationId/members/:userId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async unassign(
    @company() c: string,
    @application() a: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ) {
    await this.bus.request(
      UnassignApplication,
      { companyId: c, ownerId: a, kind: 'member', targetId: userId },
      meta,
    );
  }

  @Get('members/:userId/applications')
  @RequireScopes('companies:read')
  @ApiOkResponse({
    type: LaunchableApplicationPageDto,
    description: 'What the member can launch here, through every path (`via`)',
  })
  @ApiProblems(400, 401, 403, 404)
  ofMember(
    @company() companyId: string,
    @Param('userId', uuidParam('userId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListApplicationsOf,
      {
        companyId,
        subjectKind: 'member',
        subjectId,
        query: parseListQuery(query, { sortable: [], filterable: {} }),
      },
      meta,
    );
  }

  @Get('contacts/:contactId/applications')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LaunchableApplicationPageDto, description: 'Through the contact’s groups' })
  @ApiProblems(400, 401, 403, 404)
  ofContact(
    @company() companyId: string,
    @Param('contactId', uuidParam('contactId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListApplicationsOf,
      {
        companyId,
        subjectKind: 'contact',
        subjectId,
        query: parseListQuery(query, { sortable: [], filterable: {} }),
      },
      meta,
    );
  }
}
