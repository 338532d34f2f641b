import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AddOAuthAppCertificate,
  ListOAuthAppCertificates,
  RemoveOAuthAppCertificate,
  CreateOAuthApp,
  DeleteOAuthApp,
  GetOAuthApp,
  ListOAuthApps,
  ResetOAuthAppSecret,
  UpdateOAuthApp,
  OAUTH_APP_STATUSES,
} from '@roster/contracts';
import { filterField, ListQuerySpec, parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import {
  AddCertificateDto,
  OAuthAppCertificateDto,
  OAuthAppCertificateListDto,
  CreateOAuthAppDto,
  OAuthAppDto,
  OAuthAppPageDto,
  OAuthAppWithSecretDto,
  UpdateOAuthAppDto,
} from './dto/oauth-app.dto';

export const OAUTH_APP_LIST_SPEC: ListQuerySpec = {
  sortable: ['title', 'status', 'createdAt'],
  filterable: {
    title: filterField.text(['eq', 'search']),
    status: filterField.enum(OAUTH_APP_STATUSES, ['eq']),
    createdAt: filterField.date(),
  },
  defaultSort: [{ field: 'createdAt', direction: 'desc' }],
};

/** A company's OAuth client applications; owners and admins of the company only (members 403, others 404). */
@ApiTags('oauth2')
@ApiBearerAuth()
@Controller('companies/:companyId/oauth-apps')
export class OAuthAppsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiCreatedResponse({
    type: OAuthAppWithSecretDto,
    description: 'The secret is in `clientSecret`, this once',
  })
  @ApiProblems(400, 401, 403, 404)
  create(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: CreateOAuthAppDto,
    @Meta() meta: RequestMeta,
  ): Promise<OAuthAppWithSecretDto> {
    return this.bus.request(CreateOAuthApp, { ...body, companyId }, meta);
  }

  @Get()
  @ApiOkResponse({
    type: OAuthAppPageDto,
    description: 'Sort `title` `status` `createdAt`; filter `title`, `status`, `createdAt`',
  })
  @ApiProblems(400, 401, 403, 404)
  list(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ): Promise<OAuthAppPageDto> {
    return this.bus.request(
      ListOAuthApps,
      { companyId, query: parseListQuery(query, OAUTH_APP_LIST_SPEC) },
      meta,
    );
  }

  @Get(':clientId')
  @ApiOkResponse({ type: OAuthAppDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('clientId') clientId: string,
    @Meta() meta: RequestMeta,
  ): Promise<OAuthAppDto> {
    return this.bus.request(GetOAuthApp, { companyId, clientId }, meta);
  }

  @Patch(':clientId')
  @ApiOkResponse({ type: OAuthAppDto })
  @ApiProblems(400, 401, 403, 404)
  update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('clientId') clientId: string,
    @Body() body: UpdateOAuthAppDto,
    @Meta() meta: RequestMeta,
  ): Promise<OAuthAppDto> {
    return this.bus.request(UpdateOAuthApp, { ...body, companyId, clientId }, meta);
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; every token issued to it stops working' })
  @ApiProblems(400, 401, 403, 404)
  async remove(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('clientId') clientId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteOAuthApp, { companyId, clientId }, meta);
  }

  @Post(':clientId/reset-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: OAuthAppWithSecretDto })
  @ApiOperation({ summary: 'Issue a new client secret (shown once); the old one stops working at once' })
  @ApiProblems(400, 401, 403, 404)
  resetSecret(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('clientId') clientId: string,
    @Meta() meta: RequestMeta,
  ): Promise<OAuthAppWithSecretDto> {
    return this.bus.request(ResetOAuthAppSecret, { companyId, clientId }, meta);
  }

  @Post(':clientId/certificates')
  @ApiCreatedResponse({ type: OAuthAppCertificateDto })
  @ApiProblems(400, 401, 403, 404, 409)
  @ApiOperation({
    summary: 'Upload an X.509 certificate (PEM) for the application; at most 10, no duplicates',
  })
  addCertificate(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('clientId') clientId: string,
    @Body() body: AddCertificateDto,
    @Meta() meta: RequestMeta,
  ): Promise<OAuthAppCertificateDto> {
    return this.bus.request(
      AddOAuthAppCertificate,
      { companyId, clientId, certificate: body.certificate },
      meta,
    );
  }

  @Get(':clientId/certificates')
  @ApiOkResponse({ type: OAuthAppCertificateListDto })
  @ApiProblems(400, 401, 403, 404)
  listCertificates(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('clientId') clientId: string,
    @Meta() meta: RequestMeta,
  ): Promise<OAuthAppCertificateListDto> {
    return this.bus.request(ListOAuthAppCertificates, { companyId, clientId }, meta);
  }

  @Delete(':clientId/certificates/:certificateId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 401, 403, 404)
  async removeCertificate(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('clientId') clientId: string,
    @Param('certificateId', uuidParam('certificateId')) certificateId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(RemoveOAuthAppCertificate, { companyId, clientId, certificateId }, meta);
  }
}
