import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListAuthorizedApps, RevokeAuthorizedApp } from '@roster/contracts';
import { ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { Meta } from '../common/request-meta.decorator';
import { AuthorizedAppPageDto } from './dto/oauth2.dto';

export const AUTHORIZED_APP_LIST_SPEC: ListQuerySpec = {
  sortable: ['authorizedAt', 'title'],
  filterable: {},
  defaultSort: [{ field: 'authorizedAt', direction: 'desc' }],
};

/** Applications I have authorized (OAuth consents). Only with my own session. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me/authorized-apps')
export class AuthorizedAppsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOkResponse({ type: AuthorizedAppPageDto, description: 'Newest first; sort `authorizedAt` `title`' })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListQueryDto, @Meta() meta: RequestMeta): Promise<AuthorizedAppPageDto> {
    return this.bus.request(
      ListAuthorizedApps,
      { query: parseListQuery(query, AUTHORIZED_APP_LIST_SPEC) },
      meta,
    );
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Withdrawn: the application’s tokens for me stop working at once' })
  @ApiProblems(401, 403, 404)
  async revoke(@Param('clientId') clientId: string, @Meta() meta: RequestMeta): Promise<void> {
    await this.bus.request(RevokeAuthorizedApp, { clientId }, meta);
  }
}
