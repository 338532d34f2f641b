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
  LinkKind,
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
  LinkedItemDto,
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
  constructor(private readonly bus: BusClient) {}

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

  // ---- members, leaders, contacts, applications: same shape for each kind
  private listLinks(
    companyId: string,
    groupId: string,
    kind: LinkKind,
    query: ListQueryDto,
    meta: RequestMeta,
  ) {
    return this.bus.request(
      ListGroupLinks,
      { companyId, ownerId: groupId, kind, query: parseListQuery(query, LINK_LIST_SPEC) },
      meta,
    );
  }
  private addLink(companyId: string, groupId: string, kind: LinkKind, targetId: string, meta: RequestMeta) {
    return this.bus.request(AddGroupLink, { companyId, ownerId: groupId, kind, targetId }, meta);
  }
  private async removeLink(
    companyId: string,
    groupId: string,
    kind: LinkKind,
    targetId: string,
    meta: RequestMeta,
  ) {
    await this.bus.request(RemoveGroupLink, { companyId, ownerId: groupId, kind, targetId }, meta);
  }

  @Get(':groupId/members')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto })
  @ApiProblems(400, 401, 403, 404)
  members(@company() c: string, @group() g: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.listLinks(c, g, 'member', q, meta);
  }

  @Post(':groupId/members')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addMember(@company() c: string, @group() g: string, @Body() body: UserRefDto, @Meta() meta: RequestMeta) {
    return this.addLink(c, g, 'member', body.userId, meta);
  }

  @Delete(':groupId/members/:userId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  removeMember(
    @company() c: string,
    @group() g: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.removeLink(c, g, 'member', userId, meta);
  }

  @Get(':groupId/leaders')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto })
  @ApiProblems(400, 401, 403, 404)
  leaders(@company() c: string, @group() g: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.listLinks(c, g, 'leader', q, meta);
  }

  @Post(':groupId/leaders')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addLeader(@company() c: string, @group() g: string, @Body() body: UserRefDto, @Meta() meta: RequestMeta) {
    return this.addLink(c, g, 'leader', body.userId, meta);
  }

  @Delete(':groupId/leaders/:userId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  removeLeader(
    @company() c: string,
    @group() g: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.removeLink(c, g, 'leader', userId, meta);
  }

  @Get(':groupId/contacts')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto })
  @ApiProblems(400, 401, 403, 404)
  contacts(@company() c: string, @group() g: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.listLinks(c, g, 'contact', q, meta);
  }

  @Post(':groupId/contacts')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addContact(
    @company() c: string,
    @group() g: string,
    @Body() body: ContactRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.addLink(c, g, 'contact', body.contactId, meta);
  }

  @Delete(':groupId/contacts/:contactId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  removeContact(
    @company() c: string,
    @group() g: string,
    @Param('contactId', uuidParam('contactId')) contactId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.removeLink(c, g, 'contact', contactId, meta);
  }

  @Get(':groupId/applications')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto })
  @ApiProblems(400, 401, 403, 404)
  applications(
    @company() c: string,
    @group() g: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.listLinks(c, g, 'application', q, meta);
  }

  @Post(':groupId/applications')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addApplication(
    @company() c: string,
    @group() g: string,
    @Body() body: ApplicationRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.addLink(c, g, 'application', body.applicationId, meta);
  }

  @Delete(':groupId/applications/:applicationId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  removeApplication(
    @company() c: string,
    @group() g: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.removeLink(c, g, 'application', applicationId, meta);
  }
}
