import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateApiToken,
  DeleteApiToken,
  GetApiToken,
  ListMyApiTokens,
  UpdateApiToken,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { ApiTokenDto, ApiTokenPageDto, CreatedApiTokenDto } from './dto/api-token.dto';
import { CreateApiTokenDto } from './dto/create-api-token.dto';
import { UpdateApiTokenDto } from './dto/update-api-token.dto';

export const API_TOKEN_LIST_SPEC: ListQuerySpec = {
  sortable: ['name', 'createdAt', 'lastUsedAt', 'expiresAt'],
  filterable: {
    name: filterField.text(),
    active: filterField.boolean(),
    createdAt: filterField.date(),
    expiresAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'desc' }],
};

/** Personal API tokens: `Authorization: Bearer rst_…`, limited to their scopes. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me/tokens')
export class ApiTokensController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedApiTokenDto, description: 'The secret is in `token`, this once' })
  @ApiProblems(400, 401, 403)
  create(@Body() body: CreateApiTokenDto, @Meta() meta: RequestMeta): Promise<CreatedApiTokenDto> {
    return this.bus.request(CreateApiToken, body, meta);
  }

  @Get()
  @RequireScopes('account:read')
  @ApiOkResponse({
    type: ApiTokenPageDto,
    description:
      'My tokens, newest first; sort `name` `createdAt` `lastUsedAt` `expiresAt`; filter `name`, `active` (eq true|false), `createdAt`, `expiresAt`',
  })
  @ApiProblems(400, 401, 403)
  list(@Query() query: ListQueryDto, @Meta() meta: RequestMeta): Promise<ApiTokenPageDto> {
    return this.bus.request(ListMyApiTokens, { query: parseListQuery(query, API_TOKEN_LIST_SPEC) }, meta);
  }

  @Get(':tokenId')
  @RequireScopes('account:read')
  @ApiOkResponse({ type: ApiTokenDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('tokenId', uuidParam('tokenId')) tokenId: string,
    @Meta() meta: RequestMeta,
  ): Promise<ApiTokenDto> {
    return this.bus.request(GetApiToken, { tokenId }, meta);
  }

  @Patch(':tokenId')
  @ApiOkResponse({ type: ApiTokenDto })
  @ApiProblems(400, 401, 403, 404)
  update(
    @Param('tokenId', uuidParam('tokenId')) tokenId: string,
    @Body() body: UpdateApiTokenDto,
    @Meta() meta: RequestMeta,
  ): Promise<ApiTokenDto> {
    return this.bus.request(UpdateApiToken, { tokenId, ...body }, meta);
  }

  @Delete(':tokenId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted: the token stops working at the next request' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @Param('tokenId', uuidParam('tokenId')) tokenId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteApiToken, { tokenId }, meta);
  }
}
