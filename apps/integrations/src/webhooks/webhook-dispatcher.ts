import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhookEndpointDisabled } from '@roster/contracts';
import { OutboxService } from '@roster/messaging';
import { webhookDeliveries } from '@roster/observability';
import { IntegrationsConfig } from '../config/integrations.config';
import { PING_EVENT_TYPE } from './event-payload';
import { webhookHeaders } from './signature';
import { postJson } from './webhook-sender';
import { EndpointRow, WebhooksService } from './webhooks.service';

interface Claimed {
  id: string;
  endpoint_id: string;
}

/** Seconds before retry n (1-based), or null when the schedule is exhausted. */
export function retryDelaySeconds(schedule: number[], failedAttempts: number): number | null {
  return failedAttempts <= schedule.length ? schedule[failedAttempts - 1] : null;
}

/**
 * Delivers due webhook deliveries. At most one delivery per endpoint is in flight (across replicas:
 * a claimed delivery holds a lease), and up to WEBHOOKS_CONCURRENCY endpoints are served at once, so
 * a slow or failing receiver only delays its own deliveries.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopped = false;
  private readonly schedule: number[];
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksService,
    private readonly outbox: OutboxService,
    private readonly config: IntegrationsConfig,
  ) {
    this.schedule = config.WEBHOOKS_RETRY_SCHEDULE_SECONDS.split(',').map(Number);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.WORKER_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled(this.inFlight.values());
  }

  async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      if (Date.now() - this.lastPrune > 3_600_000) {
        this.lastPrune = Date.now();
        await this.prune();
      }
      const free = this.config.WEBHOOKS_CONCURRENCY - this.inFlight.size;
      if (free <= 0) return;
      for (const claimed of await this.claim(free)) {
        const work = this.attempt(claimed.id)
          .catch((error: unknown) => this.logger.error(`Delivery ${claimed.id} crashed: ${String(error)}`))
          .finally(() => this.inFlight.delete(claimed.endpoint_id));
        this.inFlight.set(claimed.endpoint_id, work);
      }
    } catch (error) {
      this.logger.warn(`Webhook dispatch tick failed: ${String(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Hourly: forget events and finished deliveries older than the retention (pending ones stay). */
  private async prune(): Promise<void> {
    const days = this.config.WEBHOOKS_RETENTION_DAYS;
    await this.dataSource.query(
      `DELETE FROM webhook_events WHERE received_at < now() - make_interval(days => $1)`,
      [days],
    );
    await this.dataSource.query(
      `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < now() - make_interval(days => $1)`,
      [days],
    );
  }

  /** Due deliveries, the oldest per endpoint, of endpoints with nothing in flight; leased for this replica. */
  private async claim(free: number): Promise<Claimed[]> {
    const leaseMs = this.config.WEBHOOKS_TIMEOUT_MS * 2 + 5000;
    return this.dataSource.transaction(async (manager) => {
      const candidates: Claimed[] = await manager.query(
        `SELECT d.id, d.endpoint_id FROM webhook_deliveries d
           JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now())
           AND (e.active OR d.event_type = $1)
           AND NOT (d.endpoint_id = ANY($2::uuid[]))
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries o WHERE o.endpoint_id = d.endpoint_id
                           AND o.status = 'pending' AND o.locked_until > now())
         ORDER BY d.next_attempt_at, d.created_at
         LIMIT 500
         FOR UPDATE OF d SKIP LOCKED`,
        [PING_EVENT_TYPE, [...this.inFlight.keys()]],
      );
      const chosen = new Map<string, Claimed>();
      for (const c of candidates) {
        if (chosen.size >= free) break;
        if (!chosen.has(c.endpoint_id)) chosen.set(c.endpoint_id, c);
      }
      const picked = [...chosen.values()];
      if (picked.length)
        await manager.query(
          `UPDATE webhook_deliveries SET locked_until = now() + make_interval(secs => $2) WHERE id = ANY($1::uuid[])`,
          [picked.map((p) => p.id), leaseMs / 1000],
        );
      return picked;
    });
  }

  private async attempt(deliveryId: string): Promise<void> {
    const [delivery]: Array<{ id: string; endpoint_id: string; payload: unknown; attempts: number }> =
      await this.dataSource.query(
        `SELECT id, endpoint_id, payload, attempts FROM webhook_deliveries WHERE id = $1`,
        [deliveryId],
      );
    if (!delivery) return;
    const [endpoint]: EndpointRow[] = await this.dataSource.query(
      `SELECT * FROM webhook_endpoints WHERE id = $1`,
      [delivery.endpoint_id],
    );
    if (!endpoint) return;
    const body = JSON.stringify(delivery.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    let headers: Record<string, string> | null = null;
    try {
      headers = webhookHeaders(this.webhooks.secretsOf(endpoint), delivery.id, timestamp, body);
    } catch (error) {
      this.logger.error(`Cannot sign delivery ${delivery.id}: ${String(error)}`);
    }
    const result = headers
      ? await postJson(endpoint.url, body, headers, {
          timeoutMs: this.config.WEBHOOKS_TIMEOUT_MS,
          allowPrivate: this.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
        })
      : {
          status: null,
          durationMs: 0,
          error: 'cannot sign: the encryption key of the secret is unavailable',
        };
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const attempt = delivery.attempts + 1;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, response_code, duration_ms, error) VALUES ($1, $2, $3, $4, $5)`,
        [delivery.id, attempt, result.status, result.durationMs, result.error],
      );
      if (ok) {
        await manager.query(
          `UPDATE webhook_deliveries SET status = 'delivered', attempts = $2, last_response_code = $3,
             last_duration_ms = $4, last_error = NULL, delivered_at = now(), next_attempt_at = NULL, locked_until = NULL
           WHERE id = $1`,
          [delivery.id, attempt, result.status, result.durationMs],
        );
        await manager.query(`UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = $1`, [
          endpoint.id,
        ]);
        webhookDeliveries.inc({ outcome: 'delivered' });
        return;
      }
      const delay = retryDelaySeconds(this.schedule, attempt);
      await manager.query(
        `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_response_code = $4, last_duration_ms = $5,
           last_error = $6, locked_until = NULL,
           next_attempt_at = CASE WHEN $7::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $7::float8) END
         WHERE id = $1`,
        [
          delivery.id,
          delay === null ? 'failed' : 'pending',
          attempt,
          result.status,
          result.durationMs,
          result.error,
          delay,
        ],
      );
      webhookDeliveries.inc({ outcome: delay === null ? 'failed' : 'retrying' });
      const [[updated]] = await manager.query<
        [Array<{ consecutive_failures: number; active: boolean }>, number]
      >(
        `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
         RETURNING consecutive_failures, active`,
        [endpoint.id],
      );
      if (updated?.active && updated.consecutive_failures >= this.config.WEBHOOKS_DISABLE_AFTER_FAILURES) {
        const reason = `Disabled after ${updated.consecutive_failures} consecutive failed deliveries (last: ${result.error ?? 'unknown'})`;
        await manager.query(
          `UPDATE webhook_endpoints SET active = false, disabled_reason = $2, updated_at = now() WHERE id = $1`,
          [endpoint.id, reason],
        );
        await this.outbox.add(
          manager,
          WebhookEndpointDisabled,
          {
            endpointId: endpoint.id,
            companyId: endpoint.company_id,
            providerId: endpoint.provider_id,
            url: endpoint.url,
            consecutiveFailures: updated.consecutive_failures,
            reason,
            disabledAt: new Date().toISOString(),
          },
          { tenantId: endpoint.company_id, actor: { type: 'service', id: 'integrations' } },
        );
        this.logger.warn(`Webhook endpoint ${endpoint.id} disabled: ${reason}`);
      }
    });
  }
}
