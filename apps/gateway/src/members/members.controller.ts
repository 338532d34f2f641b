import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddMember,
  BulkRemoveMembers,
  CanManageMember,
  GetMember,
  ListMemberLog,
  ListMembers,
  RemoveMember,
  UpdateMember,
  COMPANY_ROLES,
  MEMBER_STATUSES,
  MEMBER_LOG_ACTIONS,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { ApiIdempotencyKey } from '../common/idempotency-key';
import { Meta } from '../common/request-meta.decorator';
import {
  AddMemberDto,
  BulkRemoveMembersDto,
  BulkRemoveResultDto,
  CanManageMemberDto,
  MemberDto,
  MemberLogPageDto,
  MemberPageDto,
  UpdateMemberDto,
} from './dto/member.dto';

export const MEMBER_LIST_SPEC: ListQuerySpec = {
  sortable: ['email', 'displayName', 'role', 'status', 'createdAt', 'updatedAt'],
  filterable: {
    role: filterField.enum(COMPANY_ROLES),
    status: filterField.enum(MEMBER_STATUSES),
    twoFactorEnabled: filterField.boolean(),
    email: filterField.text(['eq', 'search']),
    displayName: filterField.text(['eq', 'search']),
    search: filterField.text(['search']),
    createdAt: filterField.date(),
    // Ids of an org unit, a group (members and leaders) or a label the member is linked to.
    orgUnit: filterField.uuid(),
    group: filterField.uuid(),
    label: filterField.uuid(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'asc' }],
};

export const MEMBER_LOG_LIST_SPEC: ListQuerySpec = {
  sortable: ['at'],
  filterable: { action: filterField.enum(MEMBER_LOG_ACTIONS, ['eq', 'in']), at: filterField.date() },
  defaultSort: [{ field: 'at', direction: 'desc' }],
};

@ApiTags('members')
@ApiBearerAuth()
@Controller('companies/:companyId/members')
export class MembersController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @RequireScopes('companies:write')
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: MemberDto, description: 'An existing user added directly (owners/admins)' })
  @ApiProblems(400, 401, 403, 404, 409)
  add(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: AddMemberDto,
    @Meta() meta: RequestMeta,
  ): Promise<MemberDto> {
    return this.bus.request(AddMember, { companyId, ...body }, meta);
  }

  @Get()
  @RequireScopes('companies:read')
  @ApiOkResponse({
    type: MemberPageDto,
    description:
      'Filters: role, status, twoFactorEnabled (true|false), email, displayName, search (name or e-mail)',
  })
  @ApiProblems(400, 401, 403, 404)
  list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<MemberPageDto> {
    return this.bus.request(ListMembers, { companyId, query: parseListQuery(query, MEMBER_LIST_SPEC) }, meta);
  }

  @Post('bulk-remove')
  @RequireScopes('companies:write')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkRemoveResultDto, description: 'All removed, or none (any refusal rolls back)' })
  @ApiProblems(400, 401, 403, 404, 409)
  bulkRemove(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: BulkRemoveMembersDto,
    @Meta() meta: RequestMeta,
  ): Promise<BulkRemoveResultDto> {
    return this.bus.request(BulkRemoveMembers, { companyId, userIds: body.userIds }, meta);
  }

  @Get(':userId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<MemberDto> {
    return this.bus.request(GetMember, { companyId, userId }, meta);
  }

  @Get(':userId/can-manage')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CanManageMemberDto, description: 'Whether you may change or remove this member' })
  @ApiProblems(400, 401, 403, 404)
  canManage(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<CanManageMemberDto> {
    return this.bus.request(CanManageMember, { companyId, userId }, meta);
  }

  @Get(':userId/log')
  @RequireScopes('companies:read')
  @ApiOkResponse({
    type: MemberLogPageDto,
    description: 'Owners/admins; filters: action, at. Kept after removal',
  })
  @ApiProblems(400, 401, 403, 404)
  log(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<MemberLogPageDto> {
    return this.bus.request(
      ListMemberLog,
      { companyId, userId, query: parseListQuery(query, MEMBER_LOG_LIST_SPEC) },
      meta,
    );
  }

  @Patch(':userId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: MemberDto, description: 'Role change (promote/demote) and/or disable/enable' })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Body() body: UpdateMemberDto,
    @Meta() meta: RequestMeta,
  ): Promise<MemberDto> {
    return this.bus.request(UpdateMember, { companyId, userId, ...body }, meta);
  }

  @Delete(':userId')
  @RequireScopes('companies:write')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed (a member may remove themselves: leave)' })
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(RemoveMember, { companyId, userId }, meta);
  }
}
