import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ACCOUNT_LOG_TYPES, ListMyAccountLog } from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { Meta } from '../common/request-meta.decorator';
import { AccountLogPageDto } from './dto/account-log-entry.dto';

export const ACCOUNT_LOG_LIST_SPEC: ListQuerySpec = {
  sortable: ['createdAt'],
  filterable: {
    type: filterField.enum(ACCOUNT_LOG_TYPES),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'desc' }],
};

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/log')
export class AccountLogController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('account:read')
  @ApiOkResponse({
    type: AccountLogPageDto,
    description: `What happened to my account, newest first; filter \`type\` (eq ne in: ${ACCOUNT_LOG_TYPES.join(', ')}) and \`createdAt\``,
  })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListQueryDto, @Meta() meta: RequestMeta): Promise<AccountLogPageDto> {
    return this.bus.request(ListMyAccountLog, { query: parseListQuery(query, ACCOUNT_LOG_LIST_SPEC) }, meta);
  }
}
