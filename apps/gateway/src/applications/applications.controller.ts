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
import {
  AddLinkRoute,
  LinkRequests,
  ListLinksRoute,
  listOf,
  ReverseLookupRoute,
  RemoveLinkRoute,
  uuidPath,
} from '../common/link-routes';
import { Meta } from '../common/request-meta.decorator';
import { UserRefDto } from '../groups/dto/linked-item.dto';
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
/** What a member or contact can launch comes in one order, unfiltered (resolved through every path). */
const UNSORTED = { sortable: [], filterable: {} };

/** The company's application catalogue and direct assignments. Reads: any member; changes: admins. */
@ApiTags('applications')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class ApplicationsController {
  private readonly links: LinkRequests;

  constructor(private readonly bus: BusClient) {
    this.links = new LinkRequests(bus, {
      list: ListApplicationAssignees,
      add: AssignApplication,
      remove: UnassignApplication,
    });
  }

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

  @ListLinksRoute('applications/:applicationId/members', 'Members it is assigned to directly')
  members(
    @company() c: string,
    @application() a: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.list(c, a, 'member', q, meta);
  }

  @AddLinkRoute('applications/:applicationId/members')
  assign(
    @company() c: string,
    @application() a: string,
    @Body() body: UserRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.add(c, a, 'member', body.userId, meta);
  }

  @RemoveLinkRoute('applications/:applicationId/members/:userId')
  unassign(
    @company() c: string,
    @application() a: string,
    @uuidPath('userId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, a, 'member', id, meta);
  }

  @ReverseLookupRoute(
    'members/:userId/applications',
    LaunchableApplicationPageDto,
    'What the member can launch here, through every path (`via`)',
  )
  ofMember(
    @company() companyId: string,
    @uuidPath('userId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'member' as const, subjectId };
    return listOf(this.bus, ListApplicationsOf, UNSORTED, subject, q, meta);
  }

  @ReverseLookupRoute(
    'contacts/:contactId/applications',
    LaunchableApplicationPageDto,
    'Through the contact’s groups',
  )
  ofContact(
    @company() companyId: string,
    @uuidPath('contactId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'contact' as const, subjectId };
    return listOf(this.bus, ListApplicationsOf, UNSORTED, subject, q, meta);
  }
}
