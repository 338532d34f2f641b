import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  AttachLabel,
  CreateLabel,
  DeleteLabel,
  DetachLabel,
  GetLabel,
  ListLabelLinks,
  ListLabels,
  ListLabelsOf,
  UpdateLabel,
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
  UserRefDto,
} from '../groups/dto/linked-item.dto';
import { CreateLabelDto, LABEL_LIST_SPEC, LabelDto, LabelPageDto, UpdateLabelDto } from './dto/label.dto';

const company = () => Param('companyId', uuidParam('companyId'));
const label = () => Param('labelId', uuidParam('labelId'));

/** Labels on members and applications. Reads: any member; changes: admins. */
@ApiTags('labels')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class LabelsController {
  constructor(private readonly bus: BusClient) {}

  @Post('labels')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LabelDto })
  @ApiProblems(400, 401, 403, 404, 409)
  create(@company() companyId: string, @Body() body: CreateLabelDto, @Meta() meta: RequestMeta) {
    return this.bus.request(CreateLabel, { companyId, ...body }, meta);
  }

  @Get('labels')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LabelPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(@company() companyId: string, @Query() query: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(ListLabels, { companyId, query: parseListQuery(query, LABEL_LIST_SPEC) }, meta);
  }

  @Get('labels/:labelId')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LabelDto })
  @ApiProblems(400, 401, 403, 404)
  get(@company() companyId: string, @label() labelId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(GetLabel, { companyId, labelId }, meta);
  }

  @Patch('labels/:labelId')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: LabelDto, description: 'Rename or recolour' })
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @company() companyId: string,
    @label() labelId: string,
    @Body() body: UpdateLabelDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateLabel, { companyId, labelId, ...body }, meta);
  }

  @Delete('labels/:labelId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse({ description: 'Deleted and detached from everything' })
  @ApiProblems(400, 401, 403, 404)
  async delete(@company() companyId: string, @label() labelId: string, @Meta() meta: RequestMeta) {
    await this.bus.request(DeleteLabel, { companyId, labelId }, meta);
  }

  @Get('labels/:labelId/members')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto, description: 'Members carrying the label' })
  @ApiProblems(400, 401, 403, 404)
  members(@company() c: string, @label() l: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(
      ListLabelLinks,
      { companyId: c, ownerId: l, kind: 'member', query: parseListQuery(q, LINK_LIST_SPEC) },
      meta,
    );
  }

  @Post('labels/:labelId/members')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  attachMember(
    @company() c: string,
    @label() l: string,
    @Body() body: UserRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      AttachLabel,
      { companyId: c, ownerId: l, kind: 'member', targetId: body.userId },
      meta,
    );
  }

  @Delete('labels/:labelId/members/:userId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async detachMember(
    @company() c: string,
    @label() l: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Meta() meta: RequestMeta,
  ) {
    await this.bus.request(DetachLabel, { companyId: c, ownerId: l, kind: 'member', targetId: userId }, meta);
  }

  @Get('labels/:labelId/applications')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LinkedItemPageDto, description: 'Applications carrying the label' })
  @ApiProblems(400, 401, 403, 404)
  applications(
    @company() c: string,
    @label() l: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListLabelLinks,
      { companyId: c, ownerId: l, kind: 'application', query: parseListQuery(q, LINK_LIST_SPEC) },
      meta,
    );
  }

  @Post('labels/:labelId/applications')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({ type: LinkedItemDto })
  @ApiProblems(400, 401, 403, 404, 409)
  attachApplication(
    @company() c: string,
    @label() l: string,
    @Body() body: ApplicationRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      AttachLabel,
      { companyId: c, ownerId: l, kind: 'application', targetId: body.applicationId },
      meta,
    );
  }

  @Delete('labels/:labelId/applications/:applicationId')
  @HttpCode(204)
  @RequireScopes('companies:write')
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async detachApplication(
    @company() c: string,
    @label() l: string,
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Meta() meta: RequestMeta,
  ) {
    await this.bus.request(
      DetachLabel,
      { companyId: c, ownerId: l, kind: 'application', targetId: applicationId },
      meta,
    );
  }

  @Get('members/:userId/labels')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LabelPageDto })
  @ApiProblems(400, 401, 403, 404)
  ofMember(
    @company() companyId: string,
    @Param('userId', uuidParam('userId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListLabelsOf,
      { companyId, subjectKind: 'member', subjectId, query: parseListQuery(query, LABEL_LIST_SPEC) },
      meta,
    );
  }

  @Get('applications/:applicationId/labels')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: LabelPageDto })
  @ApiProblems(400, 401, 403, 404)
  ofApplication(
    @company() companyId: string,
    @Param('applicationId', uuidParam('applicationId')) subjectId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListLabelsOf,
      { companyId, subjectKind: 'application', subjectId, query: parseListQuery(query, LABEL_LIST_SPEC) },
      meta,
    );
  }
}
