import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddOrgUnitLink,
  CreateOrgUnit,
  DeleteOrgUnit,
  GetOrgUnit,
  ListOrgUnitLinks,
  ListOrgUnits,
  ListOrgUnitsOf,
  MoveOrgUnit,
  RemoveOrgUnitLink,
  UpdateOrgUnit,
} from '@roster/contracts';
import { parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import {
  ApplicationRefDto,
  LINK_LIST_SPEC,
  LinkedItemDto,
  LinkedItemPageDto,
  MoveUnderParentDto,
  UserRefDto,
} from '../groups/dto/linked-item.dto';
import {
  CreateOrgUnitDto,
  DeleteOrgUnitQueryDto,
  ORG_UNIT_LIST_SPEC,
  OrgUnitDto,
  OrgUnitPageDto,
  UpdateOrgUnitDto,
} from './dto/org-unit.dto';

const company = () => Param('companyId', uuidParam('companyId'));
const unit = () => Param('orgUnitId', uuidParam('orgUnitId'));

/** Org units: a tree of any depth, with members and applications. Reads: any member; changes: admins. */
@ApiTags('org-units')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class OrgUnitsController {
  constructor(private readonly bus: BusClient) {}

  @Post('org-units')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: OrgUnitDto })
  @ApiProblems(400, 401, 403, 404)
  create(@company() companyId: string, @Body() body: CreateOrgUnitDto, @Meta() meta: RequestMeta) {
    return this.bus.request(CreateOrgUnit, { companyId, ...body }, meta);
  }

  @Get('org-units')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: OrgUnitPageDto, description: 'Filter `parentId` to walk the tree' })
  @ApiProblems(400, 401, 403, 404)
  list(@company() companyId: string, @Query() query: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(
      ListOrgUnits,
      { companyId, query: parseListQuery(query, ORG_UNIT_LIST_SPEC) },
      meta,
    );
  }

  @Get('org-units/:orgUnitId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiProblems(400, 401, 403, 404)
  get(@company() companyId: string, @unit() orgUnitId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetOrgUnit, { companyId, orgUnitId }, meta);
  }

  @Patch('org-units/:orgUnitId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: OrgUnitDto, description: 'Rename or describe' })
  @ApiProblems(400, 401, 403, 404)
  update(
    @company() companyId: string,
    @unit() orgUnitId: string,
    @Body() body: UpdateOrgUnitDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateOrgUnit, { companyId, orgUnitId, ...body }, meta);
  }

  @Post('org-units/:orgUnitId/move')
  @HttpCode(200)
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: OrgUnitDto, description: 'Under `parentId` (null: a root); a cycle is a 409' })
  @ApiProblems(400, 401, 403, 404, 409)
  move(
    @company() companyId: string,
    @unit() orgUnitId: string,
    @Body() body: MoveUnderParentDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(MoveOrgUnit, { companyId, orgUnitId, parentId: body.parentId }, meta);
  }

  @Delete('org-units/:orgUnitId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse({
    description: 'Refused (409) while it has children or members, unless cascade=true',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async delete(
    @company() companyId: string,
    @unit() orgUnitId: string,
    @Query() query: DeleteOrgUnitQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    await this.bus.request(DeleteOrgUnit, { companyId, orgUnitId, cascade: query.cascade ?? false }, meta);
  }

  @Get('org-units/:orgUnitId/members')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto })
  @ApiProblems(400, 401, 403, 404)
  members(@company() c: string, @unit() u: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(
      ListOrgUnitLinks,
      { companyId: c, ownerId: u, kind: 'member', query: parseListQuery(q, LINK_LIST_SPEC) },
      meta,
    );
  }

  @Post('org-units/:orgUnitId/members')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addMember(@company() c: string, @unit() u: string, @Body() body: UserRefDto, @Meta() meta: RequestMeta) {
    return this.bus.request(
      AddOrgUnitLink,
      { companyId: c, ownerId: u, kind: 'member', targetId: body.userId },
      meta,
    );
  }

  @Delete('org-units/:orgUnitId/members/:userId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async removeMember(
    @company() c: string,
    @unit() u: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ) {
    await this.bus.request(
      RemoveOrgUnitLink,
      { companyId: c, ownerId: u, kind: 'member', targetId: userId },
      meta,
    );
  }

  @Get('org-units/:orgUnitId/applications')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto })
  @ApiProblems(400, 401, 403, 404)
  applications(@company() c: string, @unit() u: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(
      ListOrgUnitLinks,
      { companyId: c, ownerId: u, kind: 'application', query: parseListQuery(q, LINK_LIST_SPEC) },
      meta,
    );
  }

  @Post('org-units/:orgUnitId/applications')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addApplication(
    @company() c: string,
    @unit() u: string,
    @Body() body: ApplicationRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      AddOrgUnitLink,
      { companyId: c, ownerId: u, kind: 'application', targetId: body.applicationId },
      meta,
    );
  }

  @Delete('org-units/:orgUnitId/applications/:applicationId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async removeApplication(
    @company() c: string,
    @unit() u: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Meta() meta: RequestMeta,
  ) {
    await this.bus.request(
      RemoveOrgUnitLink,
      { companyId: c, ownerId: u, kind: 'application', targetId: applicationId },
      meta,
    );
  }

  @Get('members/:userId/org-units')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: OrgUnitPageDto, description: 'The org units the member is assigned to' })
  @ApiProblems(400, 401, 403, 404)
  ofMember(
    @company() companyId: string,
    @Param('userId', uuidParam('userId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListOrgUnitsOf,
      { companyId, subjectKind: 'member', subjectId, query: parseListQuery(query, ORG_UNIT_LIST_SPEC) },
      meta,
    );
  }

  @Get('applications/:applicationId/org-units')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: OrgUnitPageDto })
  @ApiProblems(400, 401, 403, 404)
  ofApplication(
    @company() companyId: string,
    @Param('applicationId', uuidParam('applicationId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListOrgUnitsOf,
      { companyId, subjectKind: 'application', subjectId, query: parseListQuery(query, ORG_UNIT_LIST_SPEC) },
      meta,
    );
  }
}
