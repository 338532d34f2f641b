import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ActivateOAuthRequest,
  ActivationResponse,
  AppError,
  CompleteOAuthRequest,
  IntegrationResponse,
  OAuthType,
} from '@roster/contracts';
import { RequestMeta } from '@roster/messaging';
import { sha256Hex } from '@roster/security';
import { IntegrationsConfig } from '../config/integrations.config';
import { CompanyAccess } from '../connections/company-access';
import { IntegrationEntity } from '../connections/integration.entity';
import { ownerOf, toIntegrationResponse } from '../connections/integrations.service';
import { ConnectorFactory } from '../psa/connector-factory';
import { exchangeCode, oauthProvider } from './oauth-providers';

interface StateRow {
  integration_id: string;
  type: OAuthType;
  company_id: string | null;
  provider_id: string | null;
  redirect_uri: string;
  expires_at: Date;
  used_at: Date | null;
}

const badState = (message: string) =>
  new AppError('VALIDATION_FAILED', `state: ${message}`, [{ field: 'state', message }]);

/**
 * OAuth-based integrations (Microsoft 365, Google Workspace, Slack). Activation creates a pending
 * integration and a `state` (32 random bytes; only its SHA-256 is stored) bound to the integration, its
 * type and owner, expiring after OAUTH_STATE_TTL_SECONDS. The callback spends the state once, exchanges
 * the code at the provider's token endpoint and keeps the tokens sealed (AES-256-GCM, bound to the
 * integration id); the integration becomes active.
 */
@Injectable()
export class OAuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccess,
    private readonly connectors: ConnectorFactory,
    private readonly config: IntegrationsConfig,
  ) {}

  async activate(request: ActivateOAuthRequest, meta: RequestMeta): Promise<ActivationResponse> {
    const scope = await this.access.requireScope(request, meta);
    const provider = oauthProvider(request.type, this.config);
    const id = randomUUID();
    const state = randomBytes(32).toString('base64url');
    const entity = await this.dataSource.transaction(async (manager) => {
      // Spent and expired states are kept a day (so a late callback can say why), then forgotten.
      await manager.query(`DELETE FROM oauth_states WHERE expires_at < now() - interval '1 day'`);
      const saved = await manager.save(
        manager.create(IntegrationEntity, {
          id,
          ...ownerOf(scope),
          type: request.type,
          kind: 'oauth',
          name: provider.name,
          status: 'pending_authorization',
          config: { redirectUri: request.redirectUri },
          sealedSecrets: null,
          secretNames: [],
          settings: { companyTypeIds: [], automaticTicketing: false },
        }),
      );
      await manager.query(
        `INSERT INTO oauth_states (state_hash, integration_id, type, company_id, provider_id, redirect_uri, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
        [
          sha256Hex(state),
          id,
          request.type,
          scope.companyId,
          scope.providerId,
          request.redirectUri,
          this.config.OAUTH_STATE_TTL_SECONDS,
        ],
      );
      return saved;
    });
    const url = new URL(provider.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: provider.clientId,
      response_type: 'code',
      redirect_uri: request.redirectUri,
      scope: provider.scope,
      state,
    }).toString();
    return { integration: toIntegrationResponse(entity), authorizationUrl: url.toString(), state };
  }

  async complete(request: CompleteOAuthRequest): Promise<IntegrationResponse> {
    const hash = sha256Hex(request.state);
    // Spent before the exchange: a state works once, even when the exchange then fails.
    const [spent] = await this.dataSource.query<[StateRow[], number]>(
      `UPDATE oauth_states SET used_at = now()
        WHERE state_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING *`,
      [hash],
    );
    const row = spent[0];
    if (!row) {
      const [known] = await this.dataSource.query<StateRow[]>(
        `SELECT * FROM oauth_states WHERE state_hash = $1`,
        [hash],
      );
      throw badState(!known ? 'unknown' : known.used_at ? 'already used' : 'expired');
    }
    const repo = this.dataSource.getRepository(IntegrationEntity);
    const integration = await repo.findOneBy({ id: row.integration_id });
    if (
      !integration ||
      integration.kind !== 'oauth' ||
      integration.type !== row.type ||
      integration.companyId !== row.company_id ||
      integration.providerId !== row.provider_id ||
      integration.status !== 'pending_authorization'
    )
      throw badState('the integration it was issued for is no longer waiting for authorization');
    const tokens = await exchangeCode(
      oauthProvider(row.type, this.config),
      request.code,
      row.redirect_uri,
      this.config.OAUTH_TIMEOUT_MS,
    );
    const secrets: Record<string, string> = { accessToken: tokens.accessToken };
    if (tokens.refreshToken) secrets.refreshToken = tokens.refreshToken;
    integration.sealedSecrets = this.connectors.seal(integration.id, secrets);
    integration.secretNames = Object.keys(secrets).sort();
    integration.status = 'active';
    integration.config = {
      ...integration.config,
      tokenType: tokens.tokenType,
      ...(tokens.scope ? { scope: tokens.scope } : {}),
      ...(tokens.expiresIn !== undefined
        ? { accessTokenExpiresAt: new Date(Date.now() + tokens.expiresIn * 1000).toISOString() }
        : {}),
      authorizedAt: new Date().toISOString(),
    };
    return toIntegrationResponse(await repo.save(integration));
  }
}
