import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationsConfig } from '../config/integrations.config';
import { IntegrationEntity } from '../connections/integration.entity';
import { ConnectorFactory } from '../psa/connector-factory';
import { PsaConnector, PsaError } from '../psa/psa-connector';
import { backoff } from '../common/outbox-worker';
import { TicketRunner } from '../ticketing/ticket-runner';
import { BillingSyncRunner } from './billing-sync.runner';
import { PsaJobEntity } from './psa-job.entity';

const LEASE = `interval '5 minutes'`;

/**
 * Does queued PSA work outside any event handler. At most one job per integration is in flight, and up to
 * PSA_WORKER_CONCURRENCY integrations at once, so a slow or down PSA only delays its own tenant. Every
 * call under it has a timeout. Failures are recorded (integration_errors) and retried with backoff; a job
 * abandoned by a crashed worker is taken again when its lease ends.
 */
@Injectable()
export class PsaWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PsaWorker.name);
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  private polling = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IntegrationsConfig,
    private readonly connectors: ConnectorFactory,
    private readonly billing: BillingSyncRunner,
    private readonly tickets: TicketRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), this.config.PSA_WORKER_POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Claims due jobs (one per idle integration) and starts them without waiting for them. */
  async poll(): Promise<void> {
    if (this.polling || this.stopping) return;
    this.polling = true;
    try {
      const free = this.config.PSA_WORKER_CONCURRENCY - this.busy.size;
      if (free <= 0) return;
      const [claimed] = await this.dataSource.query<[Array<{ id: string; integrationId: string }>, number]>(
        `UPDATE psa_jobs SET status = 'running', attempts = attempts + 1, locked_until = now() + ${LEASE}
          WHERE id IN (
            SELECT id FROM (
              SELECT DISTINCT ON (j.integration_id) j.id, j.next_attempt_at FROM psa_jobs j
               WHERE ((j.status IN ('pending', 'retrying') AND j.next_attempt_at <= now())
                      OR (j.status = 'running' AND j.locked_until < now()))
                 AND NOT (j.integration_id = ANY($1::uuid[]))
                 AND NOT EXISTS (SELECT 1 FROM psa_jobs r WHERE r.integration_id = j.integration_id
                                  AND r.status = 'running' AND r.locked_until >= now())
               ORDER BY j.integration_id, j.next_attempt_at, j.created_at
            ) due ORDER BY next_attempt_at LIMIT $2
          )
          AND (status IN ('pending', 'retrying') OR (status = 'running' AND locked_until < now()))
          RETURNING id, integration_id AS "integrationId"`,
        [[...this.busy], free],
      );
      for (const job of claimed ?? []) {
        this.busy.add(job.integrationId);
        const run = this.run(job.id)
          .catch((error: unknown) => this.logger.error(`PSA job ${job.id} crashed: ${String(error)}`))
          .finally(() => {
            this.busy.delete(job.integrationId);
            this.inFlight.delete(run);
          });
        this.inFlight.add(run);
      }
    } catch (error) {
      this.logger.warn(`PSA worker poll failed: ${String(error)}`);
    } finally {
      this.polling = false;
    }
  }

  private async run(jobId: string): Promise<void> {
    const job = await this.dataSource.getRepository(PsaJobEntity).findOneByOrFail({ id: jobId });
    const integration = await this.dataSource
      .getRepository(IntegrationEntity)
      .findOneBy({ id: job.integrationId });
    if (!integration) return; // deleted: its jobs went with it
    try {
      const connector: PsaConnector = await this.connectors.connectorFor(integration);
      const result =
        job.kind === 'billing-sync'
          ? await this.billing.run(job, integration, connector)
          : await this.tickets.run(job, integration, connector);
      await this.dataSource.query(
        `UPDATE psa_jobs SET status = 'succeeded', result = $2, last_error = NULL, finished_at = now(), locked_until = NULL
          WHERE id = $1`,
        [job.id, result],
      );
    } catch (error) {
      await this.fail(job, error);
    }
  }

  private async fail(job: PsaJobEntity, error: unknown): Promise<void> {
    const message = error instanceof PsaError || error instanceof Error ? error.message : String(error);
    const giveUp = job.attempts >= this.config.PSA_RETRY_MAX_ATTEMPTS;
    const delay = backoff(job.attempts, this.config.PSA_RETRY_BASE_MS, this.config.PSA_RETRY_MAX_MS);
    this.logger.warn(`PSA job ${job.id} (${job.kind}) attempt ${job.attempts} failed: ${message}`);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE psa_jobs SET status = $2, last_error = $3, locked_until = NULL,
                next_attempt_at = now() + ($4 || ' milliseconds')::interval,
                finished_at = CASE WHEN $2 = 'failed' THEN now() ELSE NULL END
          WHERE id = $1 AND status = 'running'`,
        [job.id, giveUp ? 'failed' : 'retrying', message, String(delay)],
      );
      await manager.query(
        `INSERT INTO integration_errors (id, integration_id, company_id, job_id, operation, message)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), job.integrationId, job.companyId, job.id, job.kind, message],
      );
    });
    if (job.kind === 'ticket' && giveUp) await this.tickets.abandon(job);
  }
}
