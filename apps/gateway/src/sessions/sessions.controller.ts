import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListMySessions, RevokeSession } from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { SessionPageDto } from './dto/session.dto';

export const SESSION_LIST_SPEC: ListQuerySpec = {
  sortable: ['createdAt', 'lastUsedAt'],
  filterable: {
    createdAt: filterField.date(),
    lastUsedAt: filterField.date(),
  },
  defaultSort: [{ field: 'lastUsedAt', direction: 'desc' }],
};

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/sessions')
export class SessionsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('account:read')
  @ApiOkResponse({
    type: SessionPageDto,
    description: 'My live sessions; sort `createdAt` `lastUsedAt` (default `-lastUsedAt`)',
  })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListQueryDto, @Meta() meta: RequestMeta): Promise<SessionPageDto> {
    return this.bus.request(ListMySessions, { query: parseListQuery(query, SESSION_LIST_SPEC) }, meta);
  }

  @Delete(':sessionId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: its refresh token stops working at once' })
  @ApiProblems(400, 401, 403, 404)
  async revoke(
    @Param('sessionId', uuidParam('sessionId')) sessionId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(RevokeSession, { sessionId }, meta);
  }
}
