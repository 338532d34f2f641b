import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CreateOAuthAppRequest,
  EventContract,
  ListQuery,
  OAUTH_CERTIFICATES_MAX,
  OAuthAppCertificateResponse,
  OAUTH_CLIENT_ID_PREFIX,
  OAuthAppResponse,
  OAuthAppCertificateAdded,
  OAuthAppCertificateRemoved,
  OAuthAppChangedData,
  OAuthAppCreated,
  OAuthAppDeleted,
  OAuthAppSecretReset,
  OAuthAppUpdated,
  OAuthAppWithSecretResponse,
  Page,
  SessionRevocationReason,
  UpdateOAuthAppRequest,
} from '@roster/contracts';
import { BusClient, eventMetaOf, OutboxService, RequestMeta, requireUser } from '@roster/messaging';
import { entityPage } from '@roster/persistence';
import { requireCompanyAdmin } from '../common/company-access';
import { newOpaqueToken } from '../common/secrets';
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
    private readonly outbox: OutboxService,
  ) {}

  /** Announces a change to an application (audit log), in the change's transaction; never its secret. */
  private async announce(
    manager: EntityManager,
    event: EventContract<OAuthAppChangedData>,
    client: OAuthClientEntity,
    meta: RequestMeta,
    extra: { changed?: string[]; certificateId?: string; fingerprint?: string } = {},
  ): Promise<void> {
    await this.outbox.add(
      manager,
      event,
      {
        oauthAppId: client.id,
        clientId: client.clientId,
        companyId: client.companyId,
        title: client.title,
        status: client.status,
        changed: extra.changed ?? [],
        ...(extra.certificateId ? { certificateId: extra.certificateId } : {}),
        ...(extra.fingerprint ? { fingerprint: extra.fingerprint } : {}),
      },
      eventMetaOf(meta, client.companyId),
    );
  }

  async create(request: CreateOAuthAppRequest, meta: RequestMeta): Promise<OAuthAppWithSecretResponse> {
    const userId = requireUser(meta);
    await requireCompanyAdmin(this.bus, request.companyId, userId, meta);
    assertRedirectUris(request.redirectUris);
    const clientSecret = newOpaqueToken(SECRET_PREFIX);
    const secretHash = await this.hasher.hash(clientSecret);
    const client = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(OAuthClientEntity).save({
        id: randomUUID(),
        clientId: `${OAUTH_CLIENT_ID_PREFIX}${randomBytes(16).toString('base64url')}`,
        companyId: request.companyId,
        title: request.title,
        description: request.description ?? null,
        websiteUrl: request.websiteUrl ?? null,
        iconUrl: request.iconUrl ?? null,
        redirectUris: request.redirectUris,
        status: 'active',
        secretHash,
        clientCredentialsScopes: request.clientCredentialsScopes ?? [],
        createdBy: userId,
      });
      await this.announce(manager, OAuthAppCreated, saved, meta);
      return saved;
    });
    return { ...(await this.toResponse(client)), clientSecret };
  }

  async list(companyId: string, query: ListQuery, meta: RequestMeta): Promise<Page<OAuthAppResponse>> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const qb = this.dataSource
      .getRepository(OAuthClientEntity)
      .createQueryBuilder('c')
      .where('c.company_id = :companyId', { companyId });
    const page = await entityPage(qb, query, COLUMNS, 'c.client_id', (c) => c);
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
    const keys = [
      'title',
      'description',
      'websiteUrl',
      'iconUrl',
      'redirectUris',
      'status',
      'clientCredentialsScopes',
    ] as const;
    for (const key of keys) {
      if (request[key] !== undefined) (changes as Record<string, unknown>)[key] = request[key];
    }
    // The names of the fields whose value differs (never the values: the log lists names only).
    const changed = keys
      .filter((key) => key in changes && JSON.stringify(changes[key]) !== JSON.stringify(client[key]))
      .sort();
    const deactivated = request.status === 'inactive' && client.status === 'active';
    // Narrowing the scopes ends the application's own tokens that may hold a withdrawn one.
    const narrowed = client.clientCredentialsScopes.some(
      (s) => request.clientCredentialsScopes && !request.clientCredentialsScopes.includes(s),
    );
    await this.dataSource.transaction(async (manager) => {
      await manager.update(OAuthClientEntity, { clientId: client.clientId }, changes);
      if (deactivated) {
        await this.sessions.revokeClientSessions(manager, client.clientId, null, 'app_deactivated', meta);
      }
      if (deactivated || narrowed) await this.rotateCredentials(manager, client, 'app_deactivated', meta);
      await this.announce(manager, OAuthAppUpdated, { ...client, ...changes }, meta, { changed });
    });
    return this.toResponse(await this.find(request.companyId, request.clientId));
  }

  async remove(companyId: string, clientId: string, meta: RequestMeta): Promise<{ deleted: true }> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const client = await this.find(companyId, clientId);
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revokeClientSessions(manager, client.clientId, null, 'app_deactivated', meta);
      await this.sessions.revokeClientCredentials(
        manager,
        client.clientId,
        client.credentialsId,
        'app_deactivated',
        eventMetaOf(meta, client.companyId),
      );
      await manager.delete(OAuthClientEntity, { clientId: client.clientId });
      await this.announce(manager, OAuthAppDeleted, client, meta);
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
    const secretHash = await this.hasher.hash(clientSecret);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(OAuthClientEntity, { clientId: client.clientId }, { secretHash });
      // Tokens the old secret obtained for the application itself stop working too.
      await this.rotateCredentials(manager, client, 'client_secret_reset', meta);
      await this.announce(manager, OAuthAppSecretReset, client, meta);
    });
    return { ...(await this.toResponse(await this.find(companyId, clientId))), clientSecret };
  }

  async addCertificate(
    companyId: string,
    clientId: string,
    pem: string,
    meta: RequestMeta,
  ): Promise<OAuthAppCertificateResponse> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const client = await this.find(companyId, clientId);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'certificate: is not a PEM X.509 certificate', [
        { field: 'certificate', message: 'is not a PEM X.509 certificate' },
      ]);
    }
    const [{ n }]: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM oauth_app_certificates WHERE client_id = $1`,
      [client.clientId],
    );
    if (Number(n) >= OAUTH_CERTIFICATES_MAX) {
      throw new AppError('CONFLICT', `An application holds at most ${OAUTH_CERTIFICATES_MAX} certificates`);
    }
    const rows = await this.dataSource.transaction(async (manager) => {
      const inserted: CertificateRow[] = await manager.query(
        `INSERT INTO oauth_app_certificates (id, client_id, certificate, fingerprint, subject, valid_from, valid_to)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (client_id, fingerprint) DO NOTHING
       RETURNING *`,
        [
          randomUUID(),
          client.clientId,
          certificate.toString(),
          certificate.fingerprint256,
          certificate.subject,
          new Date(certificate.validFrom),
          new Date(certificate.validTo),
        ],
      );
      if (!inserted.length) throw new AppError('CONFLICT', 'This certificate is already registered');
      await this.announce(manager, OAuthAppCertificateAdded, client, meta, {
        certificateId: inserted[0].id,
        fingerprint: inserted[0].fingerprint,
      });
      return inserted;
    });
    return toCertificate(rows[0]);
  }

  async listCertificates(
    companyId: string,
    clientId: string,
    meta: RequestMeta,
  ): Promise<{ items: OAuthAppCertificateResponse[] }> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const client = await this.find(companyId, clientId);
    const rows: CertificateRow[] = await this.dataSource.query(
      `SELECT * FROM oauth_app_certificates WHERE client_id = $1 ORDER BY created_at, id`,
      [client.clientId],
    );
    return { items: rows.map(toCertificate) };
  }

  async removeCertificate(
    companyId: string,
    clientId: string,
    certificateId: string,
    meta: RequestMeta,
  ): Promise<{ removed: true }> {
    await requireCompanyAdmin(this.bus, companyId, requireUser(meta), meta);
    const client = await this.find(companyId, clientId);
    await this.dataSource.transaction(async (manager) => {
      const result: unknown[] = await manager.query(
        `DELETE FROM oauth_app_certificates WHERE id = $1 AND client_id = $2 RETURNING id, fingerprint`,
        [certificateId, client.clientId],
      );
      const rows = (Array.isArray(result[0]) ? result[0] : result) as Array<{
        id: string;
        fingerprint: string;
      }>;
      if (!rows.length) throw new AppError('NOT_FOUND', 'No such certificate');
      await this.announce(manager, OAuthAppCertificateRemoved, client, meta, {
        certificateId: rows[0].id,
        fingerprint: rows[0].fingerprint,
      });
    });
    return { removed: true };
  }

  /** A new credentials id for the application's own tokens; the gateways deny the old one from now on. */
  private async rotateCredentials(
    manager: EntityManager,
    client: OAuthClientEntity,
    reason: SessionRevocationReason,
    meta: RequestMeta,
  ): Promise<void> {
    await manager.query(`UPDATE oauth_clients SET credentials_id = gen_random_uuid() WHERE client_id = $1`, [
      client.clientId,
    ]);
    await this.sessions.revokeClientCredentials(
      manager,
      client.clientId,
      client.credentialsId,
      reason,
      eventMetaOf(meta, client.companyId),
    );
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
      clientCredentialsScopes: c.clientCredentialsScopes,
      authorizationsCount,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

interface CertificateRow {
  id: string;
  certificate: string;
  fingerprint: string;
  subject: string;
  valid_from: Date;
  valid_to: Date;
  created_at: Date;
}

function toCertificate(row: CertificateRow): OAuthAppCertificateResponse {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    subject: row.subject,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to.toISOString(),
    certificate: row.certificate,
    createdAt: row.created_at.toISOString(),
  };
}

function assertRedirectUris(uris: string[]): void {
  const errors = uris
    .map((uri, i) => ({ field: `redirectUris.${i}`, message: redirectUriProblem(uri) }))
    .filter((e): e is { field: string; message: string } => e.message !== null);
  if (errors.length) {
    throw new AppError('VALIDATION_FAILED', errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
  }
}
