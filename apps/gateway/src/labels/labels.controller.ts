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
import { ApplicationRefDto, UserRefDto } from '../groups/dto/linked-item.dto';
import { CreateLabelDto, LABEL_LIST_SPEC, LabelDto, LabelPageDto, UpdateLabelDto } from './dto/label.dto';

const company = () => Param('companyId', uuidParam('companyId'));
const label = () => Param('labelId', uuidParam('labelId'));

/** Labels on members and applications. Reads: any member; changes: admins. */
@ApiTags('labels')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class LabelsController {
  private readonly links: LinkRequests;

  constructor(private readonly bus: BusClient) {
    this.links = new LinkRequests(bus, { list: ListLabelLinks, add: AttachLabel, remove: DetachLabel });
  }

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

  @ListLinksRoute('labels/:labelId/members', 'Members carrying the label')
  members(@company() c: string, @label() l: string, @Query() q: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.links.list(c, l, 'member', q, meta);
  }

  @AddLinkRoute('labels/:labelId/members')
  attachMember(
    @company() c: string,
    @label() l: string,
    @Body() body: UserRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.add(c, l, 'member', body.userId, meta);
  }

  @RemoveLinkRoute('labels/:labelId/members/:userId')
  detachMember(
    @company() c: string,
    @label() l: string,
    @uuidPath('userId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, l, 'member', id, meta);
  }

  @ListLinksRoute('labels/:labelId/applications', 'Applications carrying the label')
  applications(
    @company() c: string,
    @label() l: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.list(c, l, 'application', q, meta);
  }

  @AddLinkRoute('labels/:labelId/applications')
  attachApplication(
    @company() c: string,
    @label() l: string,
    @Body() body: ApplicationRefDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.add(c, l, 'application', body.applicationId, meta);
  }

  @RemoveLinkRoute('labels/:labelId/applications/:applicationId')
  detachApplication(
    @company() c: string,
    @label() l: string,
    @uuidPath('applicationId') id: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.links.remove(c, l, 'application', id, meta);
  }

  @ReverseLookupRoute('members/:userId/labels', LabelPageDto)
  ofMember(
    @company() companyId: string,
    @uuidPath('userId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'member' as const, subjectId };
    return listOf(this.bus, ListLabelsOf, LABEL_LIST_SPEC, subject, q, meta);
  }

  @ReverseLookupRoute('applications/:applicationId/labels', LabelPageDto)
  ofApplication(
    @company() companyId: string,
    @uuidPath('applicationId') subjectId: string,
    @Query() q: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    const subject = { companyId, subjectKind: 'application' as const, subjectId };
    return listOf(this.bus, ListLabelsOf, LABEL_LIST_SPEC, subject, q, meta);
  }
}
