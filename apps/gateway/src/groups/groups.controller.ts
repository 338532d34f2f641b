import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddGroupLink,
  CreateGroup,
  DeleteGroup,
  GetGroup,
  ListEligibleGroupMembers,
  ListGroupLinks,
  ListGroups,
  MoveGroup,
  RemoveGroupLink,
  UpdateGroup,
} from '@roster/contracts';
import { parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { AddLinkRoute, LinkRequests, ListLinksRoute, RemoveLinkRoute, uuidPath } from '../common/link-routes';
import { Meta } from '../common/request-meta.decorator';
import {
  CreateGroupDto,
  EligibleQueryDto,
  GROUP_LIST_SPEC,
  GroupDto,
  GroupPageDto,
  UpdateGroupDto,
} from './dto/group.dto';
import {
  ApplicationRefDto,
  ContactRefDto,
  LINK_LIST_SPEC,
  LinkedItemPageDto,
  MoveUnderParentDto,
  UserRefDto,
} from './dto/linked-item.dto';

const company = () => Param('companyId', uuidParam('companyId'));
const group = () => Param('groupId', uuidParam('groupId'));

/** Nested groups with members, leaders, contacts and applications. Reads: any member; changes: admins. */
@ApiTags('groups')
@ApiBearerAuth()
@Controller('companies/:companyId/groups')
export class GroupsController {
  private readonly links: LinkRequests;

  constructor(private readonly bus: BusClient) {
    this.links = new LinkRequests(bus, { list: ListGroupLinks, add: AddGroupLink, remove: RemoveGroupLink });
  }

  @Post()
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: GroupDto })
  @ApiProblems(400, 401, 403, 404, 409)
  create(@company() companyId: string, @Body() body: CreateGroupDto, @Meta() meta: RequestMeta) {
    return this.bus.request(CreateGroup, { companyId, ...body }, meta);
  }

  @Get()
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: GroupPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(@company() companyId: string, @Query() query: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(ListGroups, { companyId, query: parseListQuery(query, GROUP_LIST_SPEC) }, meta);
  }

  @Get(':groupId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: GroupDto })
  @ApiProblems(400, 401, 403, 404)
  get(@company() companyId: string, @group() groupId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetGroup, { companyId, groupId }, meta);
  }

  @Patch(':groupId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: GroupDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @company() companyId: string,
    @group() groupId: string,
    @Body() body: UpdateGroupDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateGroup, { companyId, groupId, ...body }, meta);
  }

  @Post(':groupId/move')
  @HttpCode(200)
  @RequireScopes('companies:write')
  @ApiOkResponse({
    type: GroupDto,
    description: 'Moved under `parentId` (null: top level); cycles are a 409',
  })
  @ApiProblems(400, 401, 403, 404, 409)
  move(
    @company() companyId: string,
    @group() groupId: string,
    @Body() body: MoveUnderParentDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(MoveGroup, { companyId, groupId, parentId: body.parentId }, meta);
  }

  @Delete(':groupId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse({ description: 'Deleted with its links; a group with subgroups is a 409' })
  @ApiProblems(400, 401, 403, 404, 409)
  async delete(@company() companyId: string, @group() groupId: string, @Meta() meta: RequestMeta) {
    await this.bus.request(DeleteGroup, { companyId, groupId }, meta);
  }

  @Get(':groupId/eligible-members')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto, description: 'Company members not yet in the group as `kind`' })
  @ApiProblems(400, 401, 403, 404)
  eligible(
    @company() companyId: string,
    @group() groupId: string,
    @Query() query: EligibleQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const { kind, ...list } = query;
    return this.bus.request(
      ListEligibleGroupMembers,
      { companyId, groupId, kind: kind ?? 'member', query: parseListQuery(list, LINK_LIST_SPEC) },
      meta,
    );
  }

  @ListLinksRoute(':groupId/members')
  members(@company() c: string, @group() g: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.links.list(c, g, 'member', q, meta);
  }

  @AddLinkRoute(':groupId/members')
  addMember(@company() c: string, @group() g: string, @Body() body: UserRefDto, @Meta() meta: RequestMeta) {
    return this.links.add(c, g, 'member', body.userId, meta);
  }

  @RemoveLinkRoute(':groupId/members/:userId')
  removeMember(
    @company() c: string,
    @group() g: string,
    @uuidPath('userId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, g, 'member', id, meta);
  }

  @ListLinksRoute(':groupId/leaders')
  leaders(@company() c: string, @group() g: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.links.list(c, g, 'leader', q, meta);
  }

  @AddLinkRoute(':groupId/leaders')
  addLeader(@company() c: string, @group() g: string, @Body() body: UserRefDto, @Meta() meta: RequestMeta) {
    return this.links.add(c, g, 'leader', body.userId, meta);
  }

  @RemoveLinkRoute(':groupId/leaders/:userId')
  removeLeader(
    @company() c: string,
    @group() g: string,
    @uuidPath('userId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, g, 'leader', id, meta);
  }

  @ListLinksRoute(':groupId/contacts')
  contacts(@company() c: string, @group() g: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.links.list(c, g, 'contact', q, meta);
  }

  @AddLinkRoute(':groupId/contacts')
  addContact(
    @company() c: string,
    @group() g: string,
    @Body() body: ContactRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.add(c, g, 'contact', body.contactId, meta);
  }

  @RemoveLinkRoute(':groupId/contacts/:contactId')
  removeContact(
    @company() c: string,
    @group() g: string,
    @uuidPath('contactId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, g, 'contact', id, meta);
  }

  @ListLinksRoute(':groupId/applications')
  applications(
    @company() c: string,
    @group() g: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.list(c, g, 'application', q, meta);
  }

  @AddLinkRoute(':groupId/applications')
  addApplication(
    @company() c: string,
    @group() g: string,
    @Body() body: ApplicationRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.add(c, g, 'application', body.applicationId, meta);
  }

  @RemoveLinkRoute(':groupId/applications/:applicationId')
  removeApplication(
    @company() c: string,
    @group() g: string,
    @uuidPath('applicationId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, g, 'application', id, meta);
  }
}
