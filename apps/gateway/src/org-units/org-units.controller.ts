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
import { ApplicationRefDto, MoveUnderParentDto, UserRefDto } from '../groups/dto/linked-item.dto';
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
  private readonly links: LinkRequests;

  constructor(private readonly bus: BusClient) {
    this.links = new LinkRequests(bus, {
      list: ListOrgUnitLinks,
      add: AddOrgUnitLink,
      remove: RemoveOrgUnitLink,
    });
  }

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

  @ListLinksRoute('org-units/:orgUnitId/members')
  members(@company() c: string, @unit() u: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.links.list(c, u, 'member', q, meta);
  }

  @AddLinkRoute('org-units/:orgUnitId/members')
  addMember(@company() c: string, @unit() u: string, @Body() body: UserRefDto, @Meta() meta: RequestMeta) {
    return this.links.add(c, u, 'member', body.userId, meta);
  }

  @RemoveLinkRoute('org-units/:orgUnitId/members/:userId')
  removeMember(
    @company() c: string,
    @unit() u: string,
    @uuidPath('userId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, u, 'member', id, meta);
  }

  @ListLinksRoute('org-units/:orgUnitId/applications')
  applications(@company() c: string, @unit() u: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.links.list(c, u, 'application', q, meta);
  }

  @AddLinkRoute('org-units/:orgUnitId/applications')
  addApplication(
    @company() c: string,
    @unit() u: string,
    @Body() body: ApplicationRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.add(c, u, 'application', body.applicationId, meta);
  }

  @RemoveLinkRoute('org-units/:orgUnitId/applications/:applicationId')
  removeApplication(
    @company() c: string,
    @unit() u: string,
    @uuidPath('applicationId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, u, 'application', id, meta);
  }

  @ReverseLookupRoute('members/:userId/org-units', OrgUnitPageDto, 'The org units the member is assigned to')
  ofMember(
    @company() companyId: string,
    @uuidPath('userId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'member' as const, subjectId };
    return listOf(this.bus, ListOrgUnitsOf, ORG_UNIT_LIST_SPEC, subject, q, meta);
  }

  @ReverseLookupRoute('applications/:applicationId/org-units', OrgUnitPageDto)
  ofApplication(
    @company() companyId: string,
    @uuidPath('applicationId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'application' as const, subjectId };
    return listOf(this.bus, ListOrgUnitsOf, ORG_UNIT_LIST_SPEC, subject, q, meta);
  }
}
