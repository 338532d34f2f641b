import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  CreateOAuthAppRequest,
  ListQuery,
  OAUTH_CLIENT_ID_PREFIX,
  OAuthAppResponse,
  OAuthAppWithSecretResponse,
  Page,
  UpdateOAuthAppRequest,
} from '@roster/contracts';
import { BusClient, RequestMeta, requireUser } from '@roster/messaging';
import { requireCompanyAdmin } from '../common/company-access';
import { newOpaqueToken } from '../common/secrets';
import { fetchPage } from '../common/page';
import { SessionsService } from '../sessions/sessions.service';
import { PasswordHasher } from '../users/password-hasher';
import { OAuthClientEntity } from './oauth-client.entity';
import { redirectUriProblem } from './redirect-uri';

const COLUMNS = { title: 'c.title', status: 'c.status', createdAt: 'c.created_at' } as const;
/** `rcs_` + 256 random bits. */
const SECRET_PREFIX = 'rcs_';

/** Companies' OAuth client applications; managed by the company's owners and admins. */
@Injectable()
export class OAuthAppsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
  ) {}

  async create(request: CreateOAuthAppRequest, meta: RequestMeta): Promise<OAuthAppWithSecretResponse> {
    const userId = requireUser(meta);
    await requireCompanyAdmin(this.bus, request.companyId, userId, meta);
    assertRedirectUris(request.redirectUris);
    const clientSecret = newOpaqueToken(SECRET_PREFIX);
    const client = await this.dataSource.getRepository(OAuthClientEntity).save({
      clientId: `${OAUTH_CLIENT_ID_PREFIX}${randomBytes(16).toString('base64url')}`,
      companyId: request.companyId,
      title: request.title,
      description: request.description ?? null,
      websiteUrl: request.websiteUrl ?? null,
      iconUrl: request.iconUrl ?? null,
      redirectUris: request.redirectUris,
      status: 'active',
      secretHash: await this.hasher.hash(clientSecret),
      createdBy: userId,
    });
    return { ...(await this.toResponse(client)), clientSecret };
  }

  async list(companyId: string, query: ListQuery, meta: RequestMeta): Promise<Page<OAuthAppResponse>> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const qb = this.dataSource
      .getRepository(OAuthClientEntity)
      .createQueryBuilder('c')
      .where('c.company_id = :companyId', { companyId });
    const page = await fetchPage(qb, query, COLUMNS, 'c.client_id', (c) => c);
    const counts = await this.authorizationCounts(page.items.map((c) => c.clientId));
    return { ...page, items: page.items.map((c) => this.shape(c, counts.get(c.clientId) ?? 0)) };
  }

  async get(companyId: string, clientId: string, meta: RequestMeta): Promise<OAuthAppResponse> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    return this.toResponse(await this.find(companyId, clientId));
  }

  async update(request: UpdateOAuthAppRequest, meta: RequestMeta): Promise<OAuthAppResponse> {
    await requireCompanyAdmin(this.bus, request.companyId, requireUser(meta), meta);
    const client = await this.find(request.companyId, request.clientId);
    if (request.redirectUris) assertRedirectUris(request.redirectUris);
    const changes: Partial<OAuthClientEntity> = {};
    for (const key of ['title', 'description', 'websiteUrl', 'iconUrl', 'redirectUris', 'status'] as const) {
      if (request[key] !== undefined) (changes as Record<string, unknown>)[key] = request[key];
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.update(OAuthClientEntity, { clientId: client.clientId }, changes);
      if (request.status === 'inactive' && client.status === 'active') {
        await this.sessions.revokeClientSessions(manager, client.clientId, null, 'app_deactivated', meta);
      }
    });
    return this.toResponse(await this.find(request.companyId, request.clientId));
  }

  async remove(companyId: string, clientId: string, meta: RequestMeta): Promise<{ deleted: true }> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const client = await this.find(companyId, clientId);
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revokeClientSessions(manager, client.clientId, null, 'app_deactivated', meta);
      await manager.delete(OAuthClientEntity, { clientId: client.clientId });
    });
    return { deleted: true };
  }

  async resetSecret(
    companyId: string,
    clientId: string,
    meta: RequestMeta,
  ): Promise<OAuthAppWithSecretResponse> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const client = await this.find(companyId, clientId);
    const clientSecret = newOpaqueToken(SECRET_PREFIX);
    await this.dataSource
      .getRepository(OAuthClientEntity)
      .update({ clientId: client.clientId }, { secretHash: await this.hasher.hash(clientSecret) });
    return { ...(await this.toResponse(await this.find(companyId, clientId))), clientSecret };
  }

  private async find(companyId: string, clientId: string): Promise<OAuthClientEntity> {
    const client = await this.dataSource.getRepository(OAuthClientEntity).findOneBy({ companyId, clientId });
    if (!client) throw new AppError('NOT_FOUND', 'No such OAuth application in this company');
    return client;
  }

  private async toResponse(client: OAuthClientEntity): Promise<OAuthAppResponse> {
    const counts = await this.authorizationCounts([client.clientId]);
    return this.shape(client, counts.get(client.clientId) ?? 0);
  }

  private async authorizationCounts(clientIds: string[]): Promise<Map<string, number>> {
    if (!clientIds.length) return new Map();
    const rows: Array<{ client_id: string; n: string }> = await this.dataSource.query(
      `SELECT client_id, count(*) AS n FROM oauth_consents WHERE client_id = ANY($1) GROUP BY client_id`,
      [clientIds],
    );
    return new Map(rows.map((r) => [r.client_id, Number(r.n)]));
  }

  private shape(c: OAuthClientEntity, authorizationsCount: number): OAuthAppResponse {
    return {
      clientId: c.clientId,
      companyId: c.companyId,
      title: c.title,
      description: c.description,
      websiteUrl: c.websiteUrl,
      iconUrl: c.iconUrl,
      redirectUris: c.redirectUris,
      status: c.status,
      authorizationsCount,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

function assertRedirectUris(uris: string[]): void {
  const errors = uris
    .map((uri, i) => ({ field: `redirectUris.${i}`, message: redirectUriProblem(uri) }))
    .filter((e): e is { field: string; message: string } => e.message !== null);
  if (errors.length) {
    throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  }
}
