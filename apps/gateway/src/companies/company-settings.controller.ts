import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AcceptOwnershipTransfer,
  AppError,
  CreateOwnershipTransfer,
  GetCompanyBranding,
  GetCompanyLogo,
  GetCompanySettings,
  LOGO_CONTENT_TYPES,
  LOGO_MAX_BYTES,
  RestoreCompany,
  SetCompanyLogo,
  UpdateCompanyBranding,
  UpdateCompanySettings,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { CompanyDto } from './dto/company.dto';
import {
  AcceptOwnershipTransferDto,
  CompanyBrandingDto,
  CompanySettingsDto,
  CreateOwnershipTransferDto,
  OwnershipTransferDto,
  UpdateCompanyBrandingDto,
  UpdateCompanySettingsDto,
} from './dto/company-settings.dto';

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class CompanySettingsController {
  constructor(private readonly bus: BusClient) {}

  @Get('settings')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CompanySettingsDto })
  @ApiProblems(400, 401, 403, 404)
  getSettings(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<CompanySettingsDto> {
    return this.bus.request(GetCompanySettings, { companyId }, meta);
  }

  @Put('settings')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: CompanySettingsDto, description: 'Owners/admins; policy changes are published' })
  @ApiProblems(400, 401, 403, 404)
  putSettings(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: UpdateCompanySettingsDto,
    @Meta() meta: RequestMeta,
  ): Promise<CompanySettingsDto> {
    return this.bus.request(UpdateCompanySettings, { companyId, ...body }, meta);
  }

  @Get('branding')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: CompanyBrandingDto })
  @ApiProblems(400, 401, 403, 404)
  getBranding(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<CompanyBrandingDto> {
    return this.bus.request(GetCompanyBranding, { companyId }, meta);
  }

  @Put('branding')
  @RequireScopes('companies:write')
  @ApiOkResponse({ type: CompanyBrandingDto })
  @ApiProblems(400, 401, 403, 404)
  putBranding(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: UpdateCompanyBrandingDto,
    @Meta() meta: RequestMeta,
  ): Promise<CompanyBrandingDto> {
    return this.bus.request(
      UpdateCompanyBranding,
      { companyId, primaryColor: body.primaryColor ?? null, billingEmail: body.billingEmail ?? null },
      meta,
    );
  }

  @Put('logo')
  @RequireScopes('companies:write')
  @ApiConsumes(...LOGO_CONTENT_TYPES)
  @ApiBody({
    description: `The image itself (at most ${LOGO_MAX_BYTES} bytes)`,
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOkResponse({ type: CompanyBrandingDto })
  @ApiProblems(400, 401, 403, 404)
  putLogo(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Req() request: FastifyRequest,
    @Meta() meta: RequestMeta,
  ): Promise<CompanyBrandingDto> {
    const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(contentType) || !Buffer.isBuffer(request.body))
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `The logo must be one of ${LOGO_CONTENT_TYPES.join(', ')}`,
      );
    return this.bus.request(
      SetCompanyLogo,
      { companyId, contentType, dataBase64: request.body.toString('base64') },
      meta,
    );
  }

  @Get('logo')
  @RequireScopes('companies:read')
  @ApiOkResponse({
    description: 'The image',
    content: Object.fromEntries(LOGO_CONTENT_TYPES.map((t) => [t, {}])),
  })
  @ApiProblems(400, 401, 403, 404)
  async getLogo(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Res() reply: FastifyReply,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    const logo = await this.bus.request(GetCompanyLogo, { companyId }, meta);
    await reply
      .header('content-type', logo.contentType)
      .header('cache-control', 'private, max-age=60')
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(logo.dataBase64, 'base64'));
  }

  @Post('restore')
  @RequireScopes('companies:write')
  @HttpCode(200)
  @ApiOkResponse({
    type: CompanyDto,
    description: 'Owners bring back a deleted company within the grace period',
  })
  @ApiProblems(400, 401, 403, 404, 409, 410)
  restore(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Meta() meta: RequestMeta,
  ): Promise<CompanyDto> {
    return this.bus.request(RestoreCompany, { companyId }, meta);
  }

  @Post('ownership-transfers')
  @RequireScopes('companies:write')
  @ApiCreatedResponse({
    type: OwnershipTransferDto,
    description: 'Owners only; earlier pending tokens lapse',
  })
  @ApiProblems(400, 401, 403, 404, 422)
  createTransfer(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() body: CreateOwnershipTransferDto,
    @Meta() meta: RequestMeta,
  ): Promise<OwnershipTransferDto> {
    return this.bus.request(CreateOwnershipTransfer, { companyId, toUserId: body.toUserId }, meta);
  }
}

@ApiTags('companies')
@ApiBearerAuth()
@Controller('ownership-transfers')
export class OwnershipTransfersController {
  constructor(private readonly bus: BusClient) {}

  @Post('accept')
  @RequireScopes('companies:write')
  @HttpCode(200)
  @ApiOkResponse({ type: CompanyDto, description: 'You are now the owner; the previous owner becomes admin' })
  @ApiProblems(400, 401, 403, 404, 410)
  accept(@Body() body: AcceptOwnershipTransferDto, @Meta() meta: RequestMeta): Promise<CompanyDto> {
    return this.bus.request(AcceptOwnershipTransfer, { token: body.token }, meta);
  }
}
