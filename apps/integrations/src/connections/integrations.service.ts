import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ActivateOAuthRequest,
  ActivationResponse,
  AppError,
  CreatePsaIntegrationRequest,
  IntegrationRef,
  IntegrationResponse,
  PsaType,
  UpdateIntegrationRequest,
} from '@roster/contracts';
import { RequestMeta } from '@roster/messaging';
import { IntegrationsConfig } from '../config/integrations.config';
import { ConnectorFactory, Secrets, toAppError } from '../psa/connector-factory';
import { CompanyAccess } from './company-access';
import { IntegrationEntity } from './integration.entity';

const PSA_NAMES: Record<PsaType, string> = {
  connectwise: 'ConnectWise',
  autotask: 'Autotask',
  syncro: 'Syncro',
};

/** Which request fields are settings (kept readable) and which are secrets (sealed), per PSA. */
const FIELDS: Record<PsaType, { config: Record<string, string>; secrets: Record<string, string> }> = {
  // request field (UpdateIntegrationRequest) → stored key
  connectwise: {
    config: { url: 'url', psaCompanyId: 'companyId', clientId: 'clientId' },
    secrets: { publicKey: 'publicKey', privateKey: 'privateKey' },
  },
  autotask: {
    config: { url: 'url', username: 'username', integrationCode: 'integrationCode' },
    secrets: { secret: 'secret' },
  },
  syncro: { config: { url: 'url', subdomain: 'subdomain' }, secrets: { apiToken: 'apiToken' } },
};

export function toIntegrationResponse(e: IntegrationEntity): IntegrationResponse {
  return {
    id: e.id,
    companyId: e.companyId,
    type: e.type,
    kind: e.kind,
    name: e.name,
    status: e.status,
    config: Object.fromEntries(Object.entries(e.config).filter(([k]) => k !== 'state')),
    secretsStored: e.secretNames,
    settings: e.settings,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

@Injectable()
export class IntegrationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccess,
    private readonly connectors: ConnectorFactory,
    private readonly config: IntegrationsConfig,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(IntegrationEntity);
  }

  /** The integration named by the route, after the caller's access to its company is checked. */
  async resolve(ref: IntegrationRef, meta: RequestMeta): Promise<IntegrationEntity> {
    await this.access.requireManager(ref.companyId, meta);
    const found = await this.repo.findOneBy({
      id: ref.integrationId,
      companyId: ref.companyId,
      type: ref.type,
    });
    if (!found) throw new AppError('NOT_FOUND', 'Integration not found');
    return found;
  }

  async resolvePsa(ref: IntegrationRef, meta: RequestMeta): Promise<IntegrationEntity & { type: PsaType }> {
    const found = await this.resolve(ref, meta);
    if (found.kind !== 'psa') throw new AppError('NOT_FOUND', 'Integration not found');
    return found as IntegrationEntity & { type: PsaType };
  }

  async list(companyId: string, meta: RequestMeta): Promise<{ items: IntegrationResponse[] }> {
    await this.access.requireManager(companyId, meta);
    const rows = await this.repo.find({ where: { companyId }, order: { createdAt: 'ASC' } });
    return { items: rows.map(toIntegrationResponse) };
  }

  async get(ref: IntegrationRef, meta: RequestMeta): Promise<IntegrationResponse> {
    return toIntegrationResponse(await this.resolve(ref, meta));
  }

  async create(request: CreatePsaIntegrationRequest, meta: RequestMeta): Promise<IntegrationResponse> {
    await this.access.requireManager(request.companyId, meta);
    const credentials = request[request.type] as unknown as Record<string, string> | undefined;
    if (!credentials)
      throw new AppError('VALIDATION_FAILED', `${request.type}: credentials are required`, [
        { field: request.type, message: 'is required' },
      ]);
    const { config, secrets } = this.split(request.type, {
      ...credentials,
      ...(request.type === 'connectwise' ? { psaCompanyId: credentials.companyId } : {}),
    });
    await this.validateAgainstPsa(request.type, config, secrets);
    const id = randomUUID();
    const entity = this.repo.create({
      id,
      companyId: request.companyId,
      type: request.type,
      kind: 'psa',
      name: request.name ?? PSA_NAMES[request.type],
      status: 'active',
      config,
      sealedSecrets: this.connectors.seal(id, secrets),
      secretNames: Object.keys(secrets).sort(),
      settings: { companyTypeIds: [], automaticTicketing: false },
    });
    return toIntegrationResponse(await this.repo.save(entity));
  }

  async update(request: UpdateIntegrationRequest, meta: RequestMeta): Promise<IntegrationResponse> {
    const entity = await this.resolve(request, meta);
    if (request.name !== undefined) entity.name = request.name;
    if (entity.kind === 'psa') {
      const type = entity.type as PsaType;
      const allowed = new Set([...Object.keys(FIELDS[type].config), ...Object.keys(FIELDS[type].secrets)]);
      const others = ['url', 'psaCompanyId', 'publicKey', 'privateKey', 'clientId', 'username', 'secret']
        .concat(['integrationCode', 'subdomain', 'apiToken'])
        .filter((f) => !allowed.has(f) && (request as unknown as Record<string, unknown>)[f] !== undefined);
      if (others.length)
        throw new AppError(
          'VALIDATION_FAILED',
          `${type} does not take ${others.join(', ')}`,
          others.map((field) => ({ field, message: `not a ${type} setting` })),
        );
      const patch = this.split(type, request as unknown as Record<string, string>);
      const changed = Object.keys(patch.config).length + Object.keys(patch.secrets).length > 0;
      if (changed) {
        const config = { ...entity.config, ...patch.config };
        const secrets = { ...(await this.connectors.secretsOf(entity)), ...patch.secrets };
        await this.validateAgainstPsa(type, config, secrets);
        entity.config = config;
        entity.sealedSecrets = this.connectors.seal(entity.id, secrets);
        entity.secretNames = Object.keys(secrets).sort();
      }
    }
    return toIntegrationResponse(await this.repo.save(entity));
  }

  async delete(ref: IntegrationRef, meta: RequestMeta): Promise<{ deleted: true }> {
    const entity = await this.resolve(ref, meta);
    await this.repo.delete({ id: entity.id }); // mappings, jobs, errors, alert settings, tickets cascade
    return { deleted: true };
  }

  /** OAuth-based integrations: a pending integration and the URL where the user grants access. */
  async activateOAuth(request: ActivateOAuthRequest, meta: RequestMeta): Promise<ActivationResponse> {
    await this.access.requireManager(request.companyId, meta);
    const c = this.config;
    const provider = {
      microsoft365: {
        url: c.OAUTH_MICROSOFT365_AUTHORIZE_URL,
        clientId: c.OAUTH_MICROSOFT365_CLIENT_ID,
        scope: 'offline_access User.Read.All Group.Read.All',
        name: 'Microsoft 365',
      },
      'google-workspace': {
        url: c.OAUTH_GOOGLE_AUTHORIZE_URL,
        clientId: c.OAUTH_GOOGLE_CLIENT_ID,
        scope: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
        name: 'Google Workspace',
      },
      slack: {
        url: c.OAUTH_SLACK_AUTHORIZE_URL,
        clientId: c.OAUTH_SLACK_CLIENT_ID,
        scope: 'users:read chat:write',
        name: 'Slack',
      },
    }[request.type];
    const id = randomUUID();
    const state = `${id}.${randomBytes(16).toString('base64url')}`;
    const entity = await this.repo.save(
      this.repo.create({
        id,
        companyId: request.companyId,
        type: request.type,
        kind: 'oauth',
        name: provider.name,
        status: 'pending_authorization',
        config: { redirectUri: request.redirectUri, state },
        sealedSecrets: null,
        secretNames: [],
        settings: { companyTypeIds: [], automaticTicketing: false },
      }),
    );
    const url = new URL(provider.url);
    url.search = new URLSearchParams({
      client_id: provider.clientId,
      response_type: 'code',
      redirect_uri: request.redirectUri,
      scope: provider.scope,
      state,
    }).toString();
    return { integration: toIntegrationResponse(entity), authorizationUrl: url.toString(), state };
  }

  private split(type: PsaType, values: Record<string, string | undefined>) {
    const config: Record<string, string> = {};
    const secrets: Secrets = {};
    for (const [field, key] of Object.entries(FIELDS[type].config))
      if (values[field] !== undefined) config[key] = values[field]!;
    for (const [field, key] of Object.entries(FIELDS[type].secrets))
      if (values[field] !== undefined) secrets[key] = values[field]!;
    return { config, secrets };
  }

  private async validateAgainstPsa(type: PsaType, config: Record<string, string>, secrets: Secrets) {
    try {
      await this.connectors.build(type, config, secrets).validate();
    } catch (error) {
      throw toAppError(error);
    }
  }
}
