import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ActivateOAuthIntegration,
  CompleteOAuthIntegration,
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
import { Public } from '@roster/security';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { Meta } from '../common/request-meta.decorator';
import { IntegrationDto, IntegrationListDto, PsaSettingsDto } from './dto/integration.dto';
import {
  ActivateOAuthDto,
  AlertConfigurationDto,
  CreateAutotaskDto,
  CreateConnectwiseDto,
  CreateSyncroDto,
  OAuthCallbackQueryDto,
  PageQueryDto,
  PatchMappingsDto,
  PatchSettingsDto,
  PsaLookupQueryDto,
  SuggestMappingsDto,
  UpdateIntegrationDto,
} from './dto/psa.dto';
import {
  ApiIntegrationParams,
  RouteIntegration,
  RouteIntegrationRef,
  RouteScope,
  RouteScopeRef,
} from '../common/route-scope';

/** PSA look-ups can take a while (the PSA's own latency); the integrations service bounds each PSA call. */
const PSA_RPC_TIMEOUT_MS = 15_000;
const OAUTH_ACTIVATE_TYPES = [...OAUTH_TYPES];
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
const LOOKUP_TYPES = ['connectwise', 'autotask'] as const;

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

  /**
   * Where the client brings the user back from the OAuth provider. The state (issued by activation, single
   * use, expiring, bound to the integration, its type and owner) is the credential: no access token needed.
   */
  @Get('oauth/callback')
  @Public()
  @ApiOperation({ summary: 'Complete an OAuth grant: exchange the code, store the tokens sealed, activate' })
  @ApiOkResponse({ type: IntegrationDto, description: 'The integration, now active' })
  @ApiProblems(400, 503)
  oauthCallback(@Query() query: OAuthCallbackQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(CompleteOAuthIntegration, { code: query.code, state: query.state }, meta, {
      timeoutMs: PSA_RPC_TIMEOUT_MS,
    });
  }
}

/**
 * The routes of a company's or a provider's integrations (the subclasses below give the path). Company:
 * owners and admins (members, or administrators of the company's provider) manage; members get 403,
 * others 404. Provider: the provider's administrators; others 404. Credentials are write-only.
 */
abstract class IntegrationRoutes {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequireScopes('integrations:read')
  @ApiOkResponse({
    type: IntegrationListDto,
    description: 'The active integrations of the company or provider',
  })
  @ApiProblems(400, 401, 403, 404)
  list(@RouteScope() scope: RouteScopeRef, @Meta() meta: RequestMeta) {
    return this.bus.request(ListIntegrations, scope, meta);
  }

  // Static two-segment routes come before `:type/:integrationId`.
  @Get('ticketing/alerts')
  @RequireScopes('integrations:read')
  @ApiOkResponse({ description: 'The alerts a PSA can open tickets for', ...OBJECT })
  @ApiProblems(400, 401, 403, 404)
  ticketingAlerts(@RouteScope() scope: RouteScopeRef, @Meta() meta: RequestMeta) {
    return this.bus.request(ListTicketingAlerts, scope, meta);
  }

  @Post('oauth/:type/activate')
  @RequireScopes('integrations:write')
  @ApiParam({ name: 'type', enum: OAUTH_ACTIVATE_TYPES })
  @ApiCreatedResponse({
    description: 'Pending integration and the authorization URL to send the user to',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404)
  activate(
    @RouteIntegration(OAUTH_TYPES, { integrationId: false }) target: RouteScopeRef & { type: OAuthType },
    @Body() body: ActivateOAuthDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ActivateOAuthIntegration, { ...target, ...body }, meta);
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
    @RouteScope() scope: RouteScopeRef,
    @Body() { name, ...connectwise }: CreateConnectwiseDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.create(scope, 'connectwise', name, { connectwise }, meta);
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
    @RouteScope() scope: RouteScopeRef,
    @Body() { name, ...autotask }: CreateAutotaskDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.create(scope, 'autotask', name, { autotask }, meta);
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
    @RouteScope() scope: RouteScopeRef,
    @Body() { name, ...syncro }: CreateSyncroDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.create(scope, 'syncro', name, { syncro }, meta);
  }

  private create(
    scope: RouteScopeRef,
    type: PsaType,
    name: string | undefined,
    credentials: object,
    meta: RequestMeta,
  ) {
    return this.bus.request(CreatePsaIntegration, { ...scope, type, name, ...credentials }, meta, {
      timeoutMs: PSA_RPC_TIMEOUT_MS,
    });
  }

  @Get(':type/:integrationId')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(INTEGRATION_TYPES)
  @ApiOkResponse({ type: IntegrationDto })
  @ApiProblems(400, 401, 403, 404)
  get(
    @RouteIntegration(INTEGRATION_TYPES) ref: RouteIntegrationRef<IntegrationType>,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(GetIntegration, ref, meta);
  }

  @Patch(':type/:integrationId')
  @RequireScopes('integrations:write')
  @ApiIntegrationParams(INTEGRATION_TYPES)
  @ApiOkResponse({ type: IntegrationDto })
  @ApiUnprocessableEntityResponse({ description: 'The PSA refused the changed credentials' })
  @ApiProblems(400, 401, 403, 404)
  update(
    @RouteIntegration(INTEGRATION_TYPES) ref: RouteIntegrationRef<IntegrationType>,
    @Body() body: UpdateIntegrationDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(UpdateIntegration, { ...ref, ...body }, meta, { timeoutMs: PSA_RPC_TIMEOUT_MS });
  }

  @Delete(':type/:integrationId')
  @RequireScopes('integrations:write')
  @HttpCode(204)
  @ApiIntegrationParams(INTEGRATION_TYPES)
  @ApiNoContentResponse({ description: 'Removed with its mappings, runs, errors and alert settings' })
  @ApiProblems(400, 401, 403, 404)
  async delete(
    @RouteIntegration(INTEGRATION_TYPES) ref: RouteIntegrationRef<IntegrationType>,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.request(DeleteIntegration, ref, meta);
  }

  // ----- look-ups proxied to the PSA -----

  private lookup(
    lookup: PsaLookupKind,
    ref: RouteIntegrationRef<PsaType>,
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
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({
    description: 'PSA companies (Syncro: customers), {items, page, pageSize, hasMore}',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  companies(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('companies', ref, query, meta);
  }

  @Get(':type/:integrationId/company-types')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(LOOKUP_TYPES)
  @ApiOkResponse({ description: 'PSA company types', ...OBJECT })
  @ApiProblems(400, 401, 403, 404, 422)
  companyTypes(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('company-types', ref, query, meta);
  }

  @Get(':type/:integrationId/agreements')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(LOOKUP_TYPES)
  @ApiOkResponse({
    description: 'ConnectWise agreements / Autotask contracts (?companyId= a PSA company)',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  agreements(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('agreements', ref, query, meta);
  }

  @Get(':type/:integrationId/agreements/:agreementId/additions')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(LOOKUP_TYPES)
  @ApiParam({ name: 'agreementId', type: String })
  @ApiOkResponse({ description: 'ConnectWise agreement additions / Autotask contract services', ...OBJECT })
  @ApiProblems(400, 401, 403, 404, 422)
  additions(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Param('agreementId') agreementId: string,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('additions', ref, query, meta, agreementId);
  }

  @Get(':type/:integrationId/billing-options')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(['syncro'])
  @ApiOkResponse({
    description: 'Syncro billing mapping options: recurring schedules with their line items',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  billingOptions(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Query() query: PsaLookupQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.lookup('billing-options', ref, query, meta);
  }

  // ----- mappings -----

  @Get(':type/:integrationId/mappings')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({ description: 'Roster companies mapped to PSA companies', ...OBJECT })
  @ApiProblems(400, 401, 403, 404)
  mappings(@RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>, @Meta() meta: RequestMeta) {
    return this.bus.request(ListMappings, ref, meta);
  }

  @Patch(':type/:integrationId/mappings')
  @RequireScopes('integrations:write')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({
    description: 'Counts of created/updated/deleted rows and the resulting mappings',
    ...OBJECT,
  })
  @ApiUnprocessableEntityResponse({ description: 'The PSA refused the stored credentials' })
  @ApiProblems(400, 401, 403, 404, 503)
  patchMappings(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Body() body: PatchMappingsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PatchMappings, { ...ref, data: body.data }, meta, {
      timeoutMs: PSA_RPC_TIMEOUT_MS,
    });
  }

  @Post(':type/:integrationId/mappings/suggestions')
  @RequireScopes('integrations:read')
  @HttpCode(200)
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({
    description: 'Dry run: best PSA company by name per Roster company; nothing changes',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  suggest(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Body() body: SuggestMappingsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(SuggestMappings, { ...ref, ...body }, meta, { timeoutMs: PSA_RPC_TIMEOUT_MS });
  }

  // ----- settings, runs, errors, tickets -----

  @Get(':type/:integrationId/settings')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({ type: PsaSettingsDto })
  @ApiProblems(400, 401, 403, 404)
  settings(@RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>, @Meta() meta: RequestMeta) {
    return this.bus.request(GetIntegrationSettings, ref, meta);
  }

  @Patch(':type/:integrationId/settings')
  @RequireScopes('integrations:write')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({ type: PsaSettingsDto })
  @ApiProblems(400, 401, 403, 404)
  patchSettings(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Body() body: PatchSettingsDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PatchIntegrationSettings, { ...ref, ...body }, meta);
  }

  @Get(':type/:integrationId/errors')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({
    description: 'Recent sync and ticket errors, newest first: time, company, message',
    ...PAGE,
  })
  @ApiProblems(400, 401, 403, 404)
  errors(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ListIntegrationErrors, { ...ref, ...page(query) }, meta);
  }

  @Get(':type/:integrationId/sync-runs')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({ description: 'Billing sync and ticket runs with their outcome, newest first', ...PAGE })
  @ApiProblems(400, 401, 403, 404)
  syncRuns(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ListSyncRuns, { ...ref, ...page(query) }, meta);
  }

  @Get(':type/:integrationId/tickets')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({ description: 'Tickets Roster opened in this PSA', ...PAGE })
  @ApiProblems(400, 401, 403, 404)
  tickets(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Query() query: PageQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ListPsaTickets, { ...ref, ...page(query) }, meta);
  }

  // ----- alert ticketing -----

  @Get(':type/:integrationId/alerts/configuration')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({
    description: 'Every alert with this PSA’s configuration for it (null when never set)',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404)
  alertConfigurations(
    @RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(ListAlertConfigurations, ref, meta);
  }

  @Get(':type/:integrationId/alerts/configuration/options')
  @RequireScopes('integrations:read')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiOkResponse({
    description:
      'Choices from the PSA: queues/boards, sources, statuses, priorities, resources, roles, problem types, users',
    ...OBJECT,
  })
  @ApiProblems(400, 401, 403, 404, 422)
  alertOptions(@RouteIntegration(PSA_TYPES) ref: RouteIntegrationRef<PsaType>, @Meta() meta: RequestMeta) {
    return this.bus.request(GetAlertConfigurationOptions, ref, meta, { timeoutMs: PSA_RPC_TIMEOUT_MS });
  }

  @Put(':type/:integrationId/alerts/:alertId/configuration')
  @RequireScopes('integrations:write')
  @ApiIntegrationParams(PSA_TYPES)
  @ApiParam({ name: 'alertId', format: 'uuid' })
  @ApiOkResponse({ description: 'The stored configuration', ...OBJECT })
  @ApiProblems(400, 401, 403, 404)
  putAlertConfiguration(
    @RouteIntegration(PSA_TYPES, { alertId: true }) ref: RouteIntegrationRef<PsaType> & { alertId: string },
    @Body() body: AlertConfigurationDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(PutAlertConfiguration, { ...ref, ...body }, meta);
  }
}

const page = (query: PageQueryDto) => ({ limit: query.limit ?? 20, skip: query.skip ?? 0 });

/** A company's integrations: `/companies/{companyId}/integrations/…`. */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('companies/:companyId/integrations')
export class PsaIntegrationsController extends IntegrationRoutes {
  constructor(bus: BusClient) {
    super(bus);
  }
}

/**
 * A provider's (MSP's) integrations: `/providers/{providerId}/integrations/…`, for its administrators.
 * A provider connects its PSA once and maps its customer companies.
 */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('providers/:providerId/integrations')
export class ProviderIntegrationsController extends IntegrationRoutes {
  constructor(bus: BusClient) {
    super(bus);
  }
}
