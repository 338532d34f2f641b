import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  PipeTransform,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ActivateOAuthIntegration,
  AppError,
  CreatePsaIntegration,
  DeleteIntegration,
  GetAlertConfigurationOptions,
  GetIntegration,
  GetIntegrationSettings,
  INTEGRATION_TYPES,
  IntegrationType,
  ListAlertConfigurations,
  ListIntegrationCatalog,
  ListIntegrationErrors,
  ListIntegrations,
  ListMappings,
  ListPsaTickets,
  ListSyncRuns,
  ListTicketingAlerts,
  OAUTH_TYPES,
  OAuthType,
  PatchIntegrationSettings,
  PatchMappings,
  PSA_TYPES,
  PsaLookup,
  PsaLookupKind,
  PsaType,
  PutAlertConfiguration,
  SuggestMappings,
  UpdateIntegration,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import { IntegrationDto, IntegrationListDto, PsaSettingsDto } from './dto/integration.dto';
import {
  ActivateOAuthDto,
  AlertConfigurationDto,
  CreateAutotaskDto,
  CreateConnectwiseDto,
  CreateSyncroDto,
  PageQueryDto,
  PatchMappingsDto,
  PatchSettingsDto,
  PsaLookupQueryDto,
  SuggestMappingsDto,
  UpdateIntegrationDto,
} from './dto/psa.dto';

/** `:type` must name a known integration type (PSA routes: a PSA); anything else is a 404. */
const typeParam = (allowed: readonly string[]): PipeTransform<string, string> => ({
  transform(value: string) {
    if (!allowed.includes(value)) throw new AppError('NOT_FOUND', `No integration type "${value}" here`);
    return value;
  },
});
const anyType = typeParam(INTEGRATION_TYPES);
const psaType = typeParam(PSA_TYPES);
const oauthType = typeParam(OAUTH_TYPES);

/** PSA look-ups can take a while (the PSA's own latency); the integrations service bounds each PSA call. */
const PSA_RPC_TIMEOUT_MS = 15_000;
const OBJECT = { schema: { type: 'object' } };
const PAGE = {
  schema: {
    type: 'object',
    properties: {
      items: { type: 'array', items: { type: 'object' } },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      skip: { type: 'integer' },
    },
  },
};

@ApiTags('integrations')
@ApiBearerAuth()
@Controller('integrations')
export class IntegrationCatalogController {
  constructor(private readonly bus: BusClient) {}

  @Get('catalog')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ description: 'What can be connected: PSAs, webhooks, SMTP e-mail, OAuth apps', ...OBJECT })
  @ApiProblems(401, 403)
  catalog(@Meta() meta: RequestMeta) {
    return this.bus.request(ListIntegrationCatalog, {}, meta);
  }
}

/**
 * A company's integrations. Owners and admins (members, or administrators of the company's provider)
 * manage them; members get 403, others 404. Credentials are write-only.
 */
@ApiTags('integrations')
@ApiBearerAuth()
@ApiParam({ name: 'companyId', format: 'uuid' })
@Controller('companies/:companyId/integrations')
export class PsaIntegrationsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('integrations:read')
  @ApiOkResponse({ type: IntegrationListDto, description: 'The company’s active integrations' })
  @ApiProblems(400, 401, 403, 404)
  list(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ListIntegrations, { companyId }, meta);
  }

  // Static two-segment routes come before `:type/:integrationId`.
  @Get('ticketing/alerts')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ description: 'The alerts a PSA can open tickets for', ...OBJECT })
  @ApiProblems(400, 401, 403, 404)
  ticketingAlerts(@Param('companyId', uuidParam('companyId')) companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ListTicketingAlerts, { companyId }, meta);
  }

  @Post('oauth/:type/activate')
  @RequireScopes('integrations:write')
  @ApiParam({ name: 'type', enum: OAUTH_TYPES })
  @ApiCreatedResponse({
    description: 'Pending integration and the authorization URL to send the user to',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404)
  activate(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', oauthType) type: OAuthType,
    @Body() body: ActivateOAuthDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ActivateOAuthIntegration, { companyId, type, ...body }, meta);
  }

  @Post('connectwise')
  @RequireScopes('integrations:write')
  @ApiCreatedResponse({
    type: IntegrationDto,
    description: 'Connected; the credentials were accepted by ConnectWise',
  })
  @ApiUnprocessableEntityResponse({
    description: 'ConnectWise refused the credentials (its reason in detail)',
  })
  @ApiProblems(400, 401, 403, 404)
  createConnectwise(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() { name, ...connectwise }: CreateConnectwiseDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.create(companyId, 'connectwise', name, { connectwise }, meta);
  }

  @Post('autotask')
  @RequireScopes('integrations:write')
  @ApiCreatedResponse({
    type: IntegrationDto,
    description: 'Connected; the credentials were accepted by Autotask',
  })
  @ApiUnprocessableEntityResponse({ description: 'Autotask refused the credentials (its reason in detail)' })
  @ApiProblems(400, 401, 403, 404)
  createAutotask(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() { name, ...autotask }: CreateAutotaskDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.create(companyId, 'autotask', name, { autotask }, meta);
  }

  @Post('syncro')
  @RequireScopes('integrations:write')
  @ApiCreatedResponse({
    type: IntegrationDto,
    description: 'Connected; the credentials were accepted by Syncro',
  })
  @ApiUnprocessableEntityResponse({ description: 'Syncro refused the credentials (its reason in detail)' })
  @ApiProblems(400, 401, 403, 404)
  createSyncro(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Body() { name, ...syncro }: CreateSyncroDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.create(companyId, 'syncro', name, { syncro }, meta);
  }

  private create(
    companyId: string,
    type: PsaType,
    name: string | undefined,
    credentials: object,
    meta: RequestMeta,
  ) {
    return this.bus.request(CreatePsaIntegration, { companyId, type, name, ...credentials }, meta, {
      timeoutMs: PSA_RPC_TIMEOUT_MS,
    });
  }

  @Get(':type/:integrationId')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: INTEGRATION_TYPES })
  @ApiOkResponse({ type: IntegrationDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', anyType) type: IntegrationType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(GetIntegration, { companyId, type, integrationId }, meta);
  }

  @Patch(':type/:integrationId')
  @RequireScopes('integrations:write')
  @ApiParam({ name: 'type', enum: INTEGRATION_TYPES })
  @ApiOkResponse({ type: IntegrationDto })
  @ApiUnprocessableEntityResponse({ description: 'The PSA refused the changed credentials' })
  @ApiProblems(400, 401, 403, 404)
  update(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', anyType) type: IntegrationType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Body() body: UpdateIntegrationDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateIntegration, { companyId, type, integrationId, ...body }, meta, {
      timeoutMs: PSA_RPC_TIMEOUT_MS,
    });
  }

  @Delete(':type/:integrationId')
  @RequireScopes('integrations:write')
  @HttpCode(204)
  @ApiParam({ name: 'type', enum: INTEGRATION_TYPES })
  @ApiNoContentResponse({ description: 'Removed with its mappings, runs, errors and alert settings' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', anyType) type: IntegrationType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteIntegration, { companyId, type, integrationId }, meta);
  }

  // ----- look-ups proxied to the PSA -----

  private lookup(
    lookup: PsaLookupKind,
    ref: { companyId: string; type: PsaType; integrationId: string },
    query: PsaLookupQueryDto,
    meta: RequestMeta,
    parentId?: string,
  ) {
    return this.bus.request(
      PsaLookup,
      {
        ...ref,
        lookup,
        page: query.page ?? 1,
        pageSize: query.pageSize ?? 20,
        search: query.search,
        parentId: parentId ?? query.companyId,
      },
      meta,
      { timeoutMs: PSA_RPC_TIMEOUT_MS },
    );
  }

  @Get(':type/:integrationId/companies')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({
    description: 'PSA companies (Syncro: customers), {items, page, pageSize, hasMore}',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  companies(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('companies', { companyId, type, integrationId }, query, meta);
  }

  @Get(':type/:integrationId/company-types')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: ['connectwise', 'autotask'] })
  @ApiOkResponse({ description: 'PSA company types', ...OBJECT })
  @ApiProblems(400, 401, 403, 404, 422)
  companyTypes(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('company-types', { companyId, type, integrationId }, query, meta);
  }

  @Get(':type/:integrationId/agreements')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: ['connectwise', 'autotask'] })
  @ApiOkResponse({
    description: 'ConnectWise agreements / Autotask contracts (?companyId= a PSA company)',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  agreements(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('agreements', { companyId, type, integrationId }, query, meta);
  }

  @Get(':type/:integrationId/agreements/:agreementId/additions')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: ['connectwise', 'autotask'] })
  @ApiOkResponse({ description: 'ConnectWise agreement additions / Autotask contract services', ...OBJECT })
  @ApiProblems(400, 401, 403, 404, 422)
  additions(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Param('agreementId') agreementId: string,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('additions', { companyId, type, integrationId }, query, meta, agreementId);
  }

  @Get(':type/:integrationId/billing-options')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: ['syncro'] })
  @ApiOkResponse({
    description: 'Syncro billing mapping options: recurring schedules with their line items',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  billingOptions(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('billing-options', { companyId, type, integrationId }, query, meta);
  }

  // ----- mappings -----

  @Get(':type/:integrationId/mappings')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({ description: 'Roster companies mapped to PSA companies', ...OBJECT })
  @ApiProblems(400, 401, 403, 404)
  mappings(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ListMappings, { companyId, type, integrationId }, meta);
  }

  @Patch(':type/:integrationId/mappings')
  @RequireScopes('integrations:write')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({
    description: 'Counts of created/updated/deleted rows and the resulting mappings',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404)
  patchMappings(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Body() body: PatchMappingsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PatchMappings, { companyId, type, integrationId, data: body.data }, meta);
  }

  @Post(':type/:integrationId/mappings/suggestions')
  @RequireScopes('integrations:read')
  @HttpCode(200)
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({
    description: 'Dry run: best PSA company by name per Roster company; nothing changes',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  suggest(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Body() body: SuggestMappingsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(SuggestMappings, { companyId, type, integrationId, ...body }, meta, {
      timeoutMs: PSA_RPC_TIMEOUT_MS,
    });
  }

  // ----- settings, runs, errors, tickets -----

  @Get(':type/:integrationId/settings')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({ type: PsaSettingsDto })
  @ApiProblems(400, 401, 403, 404)
  settings(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(GetIntegrationSettings, { companyId, type, integrationId }, meta);
  }

  @Patch(':type/:integrationId/settings')
  @RequireScopes('integrations:write')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({ type: PsaSettingsDto })
  @ApiProblems(400, 401, 403, 404)
  patchSettings(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Body() body: PatchSettingsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PatchIntegrationSettings, { companyId, type, integrationId, ...body }, meta);
  }

  @Get(':type/:integrationId/errors')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({
    description: 'Recent sync and ticket errors, newest first: time, company, message',
    ...PAGE,
  })
  @ApiProblems(400, 401, 403, 404)
  errors(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListIntegrationErrors,
      { companyId, type, integrationId, limit: query.limit ?? 20, skip: query.skip ?? 0 },
      meta,
    );
  }

  @Get(':type/:integrationId/sync-runs')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({ description: 'Billing sync and ticket runs with their outcome, newest first', ...PAGE })
  @ApiProblems(400, 401, 403, 404)
  syncRuns(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListSyncRuns,
      { companyId, type, integrationId, limit: query.limit ?? 20, skip: query.skip ?? 0 },
      meta,
    );
  }

  @Get(':type/:integrationId/tickets')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({ description: 'Tickets Roster opened in this PSA', ...PAGE })
  @ApiProblems(400, 401, 403, 404)
  tickets(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListPsaTickets,
      { companyId, type, integrationId, limit: query.limit ?? 20, skip: query.skip ?? 0 },
      meta,
    );
  }

  // ----- alert ticketing -----

  @Get(':type/:integrationId/alerts/configuration')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({
    description: 'Every alert with this PSA’s configuration for it (null when never set)',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404)
  alertConfigurations(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ListAlertConfigurations, { companyId, type, integrationId }, meta);
  }

  @Get(':type/:integrationId/alerts/configuration/options')
  @RequireScopes('integrations:read')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({
    description:
      'Choices from the PSA: queues/boards, sources, statuses, priorities, resources, roles, problem types, users',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  alertOptions(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(GetAlertConfigurationOptions, { companyId, type, integrationId }, meta, {
      timeoutMs: PSA_RPC_TIMEOUT_MS,
    });
  }

  @Put(':type/:integrationId/alerts/:alertId/configuration')
  @RequireScopes('integrations:write')
  @ApiParam({ name: 'type', enum: PSA_TYPES })
  @ApiOkResponse({ description: 'The stored configuration', ...OBJECT })
  @ApiProblems(400, 401, 403, 404)
  putAlertConfiguration(
    @Param('companyId', uuidParam('companyId')) companyId: string,
    @Param('type', psaType) type: PsaType,
    @Param('integrationId', uuidParam('integrationId')) integrationId: string,
    @Param('alertId', uuidParam('alertId')) alertId: string,
    @Body() body: AlertConfigurationDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      PutAlertConfiguration,
      { companyId, type, integrationId, alertId, ...body },
      meta,
    );
  }
}
