import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CompanyWebhookRequest,
  CreateWebhookEndpointRequest,
  EventContract,
  EventEnvelope,
  ListWebhookDeliveriesRequest,
  ListWebhookEndpointsRequest,
  Page,
  ReplayWebhookRequest,
  UpdateWebhookEndpointRequest,
  WebhookAttemptResponse,
  WebhookDeliveryRequest,
  WebhookDeliveryResponse,
  WebhookEndpointChangedData,
  WebhookEndpointCreated,
  WebhookEndpointDeleted,
  WebhookEndpointResponse,
  WebhookEndpointUpdated,
  WebhookEndpointWithSecretResponse,
  WebhookSecretRotated,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { applyListQuery, preparedQuery } from '@roster/persistence';
import { parseEncryptionKeys, SecretCipher } from '@roster/security';
import { IntegrationsConfig } from '../config/integrations.config';
import { CompanyAccess, Scope, scopeColumn, scopeId } from '../connections/company-access';
import { matchesEventType, PING_EVENT_TYPE, webhookPayload } from './event-payload';
import { newWebhookSecret } from './signature';
import { checkWebhookUrl } from './url-guard';

export const MAX_ENDPOINTS_PER_COMPANY = 50;
/** After a rotation the old secret keeps signing (beside the new one) this long. */
export const PREVIOUS_SECRET_GRACE_HOURS = 24;
const REPLAY_MAX = 10_000;

export interface EndpointRow {
  id: string;
  company_id: string | null;
  provider_id: string | null;
  url: string;
  description: string | null;
  event_types: string[];
  active: boolean;
  disabled_reason: string | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_response_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
}

const ENDPOINT_COLUMNS = { createdAt: 'e.created_at', url: 'e.url', active: 'e.active' } as const;
const DELIVERY_COLUMNS = {
  createdAt: 'd.created_at',
  status: 'd.status',
  eventType: 'd.event_type',
  attempts: 'd.attempts',
} as const;

function toEndpoint(row: EndpointRow): WebhookEndpointResponse {
  return {
    id: row.id,
    companyId: row.company_id,
    providerId: row.provider_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    active: row.active,
    disabledReason: row.disabled_reason,
    consecutiveFailures: row.consecutive_failures,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function toDelivery(row: DeliveryRow): WebhookDeliveryResponse {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastResponseCode: row.last_response_code,
    lastDurationMs: row.last_duration_ms,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    createdAt: new Date(row.created_at).toISOString(),
    deliveredAt: iso(row.delivered_at),
  };
}

/** Changes to the endpoints themselves: for the company's audit log, never delivered to the endpoints. */
const ENDPOINT_CHANGE_EVENTS: string[] = [
  WebhookEndpointCreated,
  WebhookEndpointUpdated,
  WebhookEndpointDeleted,
  WebhookSecretRotated,
].map((e) => e.subject);

@Injectable()
export class WebhooksService {
  readonly cipher: SecretCipher;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccess,
    private readonly config: IntegrationsConfig,
    private readonly outbox: OutboxService,
  ) {
    this.cipher = new SecretCipher(
      parseEncryptionKeys(config.INTEGRATIONS_ENCRYPTION_KEYS, 'INTEGRATIONS_ENCRYPTION_KEYS'),
    );
  }

  private seal(endpointId: string, secret: string): string {
    return this.cipher.encrypt(secret, `webhook:${endpointId}`);
  }

  /** The secrets to sign with: the current one, and the previous one during its grace period. */
  secretsOf(row: EndpointRow): string[] {
    const secrets = [this.cipher.decrypt(row.secret_sealed, `webhook:${row.id}`)];
    if (
      row.previous_secret_sealed &&
      row.previous_secret_expires_at &&
      new Date(row.previous_secret_expires_at) > new Date()
    ) {
      secrets.push(this.cipher.decrypt(row.previous_secret_sealed, `webhook:${row.id}`));
    }
    return secrets;
  }

  /** Announces a change to an endpoint (audit log), in the change's transaction. */
  private async announce(
    manager: EntityManager,
    event: EventContract<WebhookEndpointChangedData>,
    row: EndpointRow,
    meta: RequestMeta,
  ): Promise<void> {
    await this.outbox.add(
      manager,
      event,
      {
        endpointId: row.id,
        companyId: row.company_id,
        providerId: row.provider_id,
        url: row.url,
        eventTypes: row.event_types,
        active: row.active,
      },
      eventMetaOf(meta, row.company_id),
    );
  }

  /** The endpoint of the scope (company or provider), or 404. */
  private async endpoint(scope: Scope, webhookId: string, manager?: EntityManager): Promise<EndpointRow> {
    const rows: EndpointRow[] = await (manager ?? this.dataSource).query(
      `SELECT * FROM webhook_endpoints WHERE id = $1 AND ${scopeColumn(scope)} = $2`,
      [webhookId, scopeId(scope)],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', 'No such webhook endpoint');
    return rows[0];
  }

  async create(
    request: CreateWebhookEndpointRequest,
    meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretResponse> {
    const scope = await this.access.requireScope(request, meta);
    const url = await checkWebhookUrl(request.url, this.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS);
    // A provider endpoint hears its customers' events: make sure integrations knows who they are.
    if (scope.kind === 'provider') await this.access.providerCustomers(scope.providerId, meta);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const row = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`webhooks:${scopeId(scope)}`]);
      const [{ n }] = await manager.query<Array<{ n: number }>>(
        `SELECT COUNT(*)::int AS n FROM webhook_endpoints WHERE ${scopeColumn(scope)} = $1`,
        [scopeId(scope)],
      );
      if (n >= MAX_ENDPOINTS_PER_COMPANY)
        throw new AppError(
          'CONFLICT',
          `A ${scope.kind} has at most ${MAX_ENDPOINTS_PER_COMPANY} webhook endpoints`,
        );
      const rows: EndpointRow[] = await manager.query(
        `INSERT INTO webhook_endpoints (id, company_id, provider_id, url, description, event_types, active, secret_sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          id,
          scope.companyId,
          scope.providerId,
          url.toString(),
          request.description ?? null,
          [...new Set(request.eventTypes ?? [])],
          request.active ?? true,
          this.seal(id, secret),
        ],
      );
      await this.announce(manager, WebhookEndpointCreated, rows[0], meta);
      return rows[0];
    });
    return { ...toEndpoint(row), secret };
  }

  async update(request: UpdateWebhookEndpointRequest, meta: RequestMeta): Promise<WebhookEndpointResponse> {
    const scope = await this.access.requireScope(request, meta);
    const current = await this.endpoint(scope, request.webhookId);
    const url =
      request.url !== undefined
        ? (await checkWebhookUrl(request.url, this.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS)).toString()
        : current.url;
    const reactivate = request.active === true && !current.active;
    const row = await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[EndpointRow[], number]>(
        `UPDATE webhook_endpoints SET url = $2, description = $3, event_types = $4, active = $5,
         disabled_reason = CASE WHEN $5 THEN NULL ELSE disabled_reason END,
         consecutive_failures = CASE WHEN $6 THEN 0 ELSE consecutive_failures END,
         updated_at = now()
       WHERE id = $1 RETURNING *`,
        [
          current.id,
          url,
          request.description !== undefined ? request.description : current.description,
          request.eventTypes !== undefined ? [...new Set(request.eventTypes)] : current.event_types,
          request.active ?? current.active,
          reactivate,
        ],
      );
      if (!rows[0]) throw new AppError('NOT_FOUND', 'No such webhook endpoint');
      await this.announce(manager, WebhookEndpointUpdated, rows[0], meta);
      return rows[0];
    });
    return toEndpoint(row);
  }

  async list(
    request: ListWebhookEndpointsRequest,
    meta: RequestMeta,
  ): Promise<Page<WebhookEndpointResponse>> {
    const scope = await this.access.requireScope(request, meta);
    const base = this.dataSource
      .createQueryBuilder()
      .from('webhook_endpoints', 'e')
      .where(`e.${scopeColumn(scope)} = :owner`, { owner: scopeId(scope) });
    const { n } = (await base.clone().select('COUNT(*)::int', 'n').getRawOne<{ n: number }>())!;
    const rows = await applyListQuery(
      base.select('e.*'),
      request.query,
      ENDPOINT_COLUMNS,
      'e.id',
    ).getRawMany<EndpointRow>();
    return { items: rows.map(toEndpoint), total: n, limit: request.query.limit, skip: request.query.skip };
  }

  async get(request: CompanyWebhookRequest, meta: RequestMeta): Promise<WebhookEndpointResponse> {
    const scope = await this.access.requireScope(request, meta);
    return toEndpoint(await this.endpoint(scope, request.webhookId));
  }

  async delete(request: CompanyWebhookRequest, meta: RequestMeta): Promise<{ deleted: true }> {
    const scope = await this.access.requireScope(request, meta);
    await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[EndpointRow[], number]>(
        `DELETE FROM webhook_endpoints WHERE id = $1 AND ${scopeColumn(scope)} = $2 RETURNING *`,
        [request.webhookId, scopeId(scope)],
      );
      if (!rows[0]) throw new AppError('NOT_FOUND', 'No such webhook endpoint');
      await this.announce(manager, WebhookEndpointDeleted, rows[0], meta);
    });
    return { deleted: true };
  }

  async rotateSecret(
    request: CompanyWebhookRequest,
    meta: RequestMeta,
  ): Promise<WebhookEndpointWithSecretResponse> {
    const scope = await this.access.requireScope(request, meta);
    const current = await this.endpoint(scope, request.webhookId);
    const secret = newWebhookSecret();
    const row = await this.dataSource.transaction(async (manager) => {
      const [rows] = await manager.query<[EndpointRow[], number]>(
        `UPDATE webhook_endpoints SET secret_sealed = $2, previous_secret_sealed = secret_sealed,
           previous_secret_expires_at = now() + make_interval(hours => $3), updated_at = now()
         WHERE id = $1 RETURNING *`,
        [current.id, this.seal(current.id, secret), PREVIOUS_SECRET_GRACE_HOURS],
      );
      await this.announce(manager, WebhookSecretRotated, rows[0], meta);
      return rows[0];
    });
    return { ...toEndpoint(row), secret };
  }

  async listDeliveries(
    request: ListWebhookDeliveriesRequest,
    meta: RequestMeta,
  ): Promise<Page<WebhookDeliveryResponse>> {
    const scope = await this.access.requireScope(request, meta);
    await this.endpoint(scope, request.webhookId);
    const base = this.dataSource
      .createQueryBuilder()
      .from('webhook_deliveries', 'd')
      .where('d.endpoint_id = :endpointId', { endpointId: request.webhookId });
    const { n } = (await base.clone().select('COUNT(*)::int', 'n').getRawOne<{ n: number }>())!;
    const rows = await applyListQuery(
      base.select('d.*'),
      request.query,
      DELIVERY_COLUMNS,
      'd.id',
    ).getRawMany<DeliveryRow>();
    return { items: rows.map(toDelivery), total: n, limit: request.query.limit, skip: request.query.skip };
  }

  /** A delivery of an endpoint already checked to be the caller's. */
  private async delivery(request: WebhookDeliveryRequest): Promise<WebhookDeliveryResponse> {
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT * FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2`,
      [request.deliveryId, request.webhookId],
    );
    if (!rows[0]) throw new AppError('NOT_FOUND', 'No such delivery');
    const attempts: Array<{
      attempt: number;
      at: Date;
      response_code: number | null;
      duration_ms: number;
      error: string | null;
    }> = await this.dataSource.query(
      `SELECT attempt, at, response_code, duration_ms, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt, id`,
      [request.deliveryId],
    );
    const attemptLog: WebhookAttemptResponse[] = attempts.map((a) => ({
      attempt: a.attempt,
      at: new Date(a.at).toISOString(),
      responseCode: a.response_code,
      durationMs: a.duration_ms,
      error: a.error,
    }));
    return { ...toDelivery(rows[0]), attemptLog };
  }

  async getDelivery(request: WebhookDeliveryRequest, meta: RequestMeta): Promise<WebhookDeliveryResponse> {
    const scope = await this.access.requireScope(request, meta);
    await this.endpoint(scope, request.webhookId);
    return this.delivery(request);
  }

  /** One more attempt, now (whatever the delivery's state); if it fails, the delivery stays failed. */
  async redeliver(request: WebhookDeliveryRequest, meta: RequestMeta): Promise<WebhookDeliveryResponse> {
    const scope = await this.access.requireScope(request, meta);
    await this.endpoint(scope, request.webhookId);
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), locked_until = NULL
       WHERE id = $1 AND endpoint_id = $2`,
      [request.deliveryId, request.webhookId],
    );
    if (!affected) throw new AppError('NOT_FOUND', 'No such delivery');
    return this.delivery(request);
  }

  /** A `integrations.webhook.ping` delivery to this endpoint (even an inactive one). */
  async ping(request: CompanyWebhookRequest, meta: RequestMeta): Promise<WebhookDeliveryResponse> {
    const scope = await this.access.requireScope(request, meta);
    const endpoint = await this.endpoint(scope, request.webhookId);
    const id = randomUUID();
    const eventId = randomUUID();
    const payload = {
      type: PING_EVENT_TYPE,
      timestamp: new Date().toISOString(),
      eventId,
      companyId: endpoint.company_id,
      ...(endpoint.provider_id ? { providerId: endpoint.provider_id } : {}),
      data: { endpointId: endpoint.id, message: 'ping' },
    };
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (id, endpoint_id, company_id, event_id, event_type, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [id, endpoint.id, endpoint.company_id, eventId, PING_EVENT_TYPE, payload],
    );
    return this.delivery({ ...request, deliveryId: id });
  }

  /** Queues every recorded event of the company since `since` that the endpoint subscribes to (again). */
  async replay(request: ReplayWebhookRequest, meta: RequestMeta): Promise<{ queued: number }> {
    const scope = await this.access.requireScope(request, meta);
    const endpoint = await this.endpoint(scope, request.webhookId);
    if (scope.kind === 'provider') await this.access.providerCustomers(scope.providerId, meta);
    // A company endpoint: the company's events; a provider endpoint: those of all its customer companies.
    const events: Array<{ event_id: string; company_id: string; type: string; payload: unknown }> =
      await this.dataSource.query(
        endpoint.company_id
          ? `SELECT event_id, company_id, type, payload FROM webhook_events
              WHERE company_id = $1 AND occurred_at >= $2 ORDER BY occurred_at LIMIT $3`
          : `SELECT e.event_id, e.company_id, e.type, e.payload FROM webhook_events e
               JOIN integration_tenants t ON t.company_id = e.company_id
              WHERE t.provider_id = $1 AND e.occurred_at >= $2 ORDER BY e.occurred_at LIMIT $3`,
        [endpoint.company_id ?? endpoint.provider_id, request.since, REPLAY_MAX],
      );
    const matching = events.filter((e) => matchesEventType(endpoint.event_types, e.type));
    await this.dataSource.transaction(async (manager) => {
      for (const event of matching) {
        await manager.query(
          `INSERT INTO webhook_deliveries (id, endpoint_id, company_id, event_id, event_type, payload, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, now())
           ON CONFLICT (endpoint_id, event_id) DO UPDATE
             SET status = 'pending', next_attempt_at = now(), locked_until = NULL`,
          [randomUUID(), endpoint.id, event.company_id, event.event_id, event.type, event.payload],
        );
      }
    });
    return { queued: matching.length };
  }

  /**
   * Fan-out of one platform event of a company: recorded (for replays), then one delivery per active
   * endpoint (the company's, and its provider's) that subscribes to its type; idempotent on (endpoint, event).
   */
  async fanOut(event: EventEnvelope, manager: EntityManager): Promise<number> {
    if (!event.tenantId || ENDPOINT_CHANGE_EVENTS.includes(event.type)) return 0;
    const payload = webhookPayload(event);
    // One prepared statement (once per connection; it runs for every event of every context): records the
    // event for replays and reads the company's endpoints, and those of its provider (MSP) when it is a
    // customer company.
    const endpoints = await preparedQuery<{ id: string; event_types: string[] }>(
      manager,
      'integrations.webhook-event-add-endpoints',
      `WITH stored AS (
         INSERT INTO webhook_events (event_id, company_id, type, occurred_at, payload) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING
       )
       SELECT id, event_types FROM webhook_endpoints WHERE active AND (company_id = $2 OR provider_id =
         (SELECT provider_id FROM integration_tenants WHERE company_id = $2))`,
      [event.eventId, event.tenantId, event.type, event.occurredAt, payload],
    );
    let queued = 0;
    for (const endpoint of endpoints.filter((e) => matchesEventType(e.event_types, event.type))) {
      await manager.query(
        `INSERT INTO webhook_deliveries (id, endpoint_id, company_id, event_id, event_type, payload, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [randomUUID(), endpoint.id, event.tenantId, event.eventId, event.type, payload],
      );
      queued += 1;
    }
    return queued;
  }
}
