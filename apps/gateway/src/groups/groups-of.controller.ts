import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListGroupsOf } from '@roster/contracts';
import { parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { GROUP_LIST_SPEC, GroupWithRolePageDto } from './dto/group.dto';

const company = () => Param('companyId', uuidParam('companyId'));

/** Reverse look-ups: the groups of a member (as member or leader), of a contact, of an application. */
@ApiTags('groups')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class GroupsOfController {
  constructor(private readonly bus: BusClient) {}

  @Get('members/:userId/groups')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: GroupWithRolePageDto, description: '`as`: member or leader' })
  @ApiProblems(400, 401, 403, 404)
  ofMember(
    @company() companyId: string,
    @Param('userId', uuidParam('userId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListGroupsOf,
      { companyId, subjectKind: 'member', subjectId, query: parseListQuery(query, GROUP_LIST_SPEC) },
      meta,
    );
  }

  @Get('contacts/:contactId/groups')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: GroupWithRolePageDto })
  @ApiProblems(400, 401, 403, 404)
  ofContact(
    @company() companyId: string,
    @Param('contactId', uuidParam('contactId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListGroupsOf,
      { companyId, subjectKind: 'contact', subjectId, query: parseListQuery(query, GROUP_LIST_SPEC) },
      meta,
    );
  }

  @Get('applications/:applicationId/groups')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: GroupWithRolePageDto })
  @ApiProblems(400, 401, 403, 404)
  ofApplication(
    @company() companyId: string,
    @Param('applicationId', uuidParam('applicationId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListGroupsOf,
      { companyId, subjectKind: 'application', subjectId, query: parseListQuery(query, GROUP_LIST_SPEC) },
      meta,
    );
  }
}
