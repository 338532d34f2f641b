import { isUUID } from 'class-validator';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AddGroupMemberBySystem,
  OpenPsaTicket,
  RecipeAction,
  RecipeStepResponse,
  RemoveGroupMemberBySystem,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { IntegrationsConfig } from '../config/integrations.config';
import { EmailService } from '../email/email.service';
import { recipeMail } from '../email/templates';
import { webhookHeaders } from '../webhooks/signature';
import { postJson } from '../webhooks/webhook-sender';
import { EndpointRow, WebhooksService } from '../webhooks/webhooks.service';
import { fill, valueAt } from './conditions';
import { Poller } from '../common/outbox-worker';

interface StoredEvent {
  type: string;
  eventId: string | null;
  occurredAt: string;
  tenantId: string;
  data: unknown;
}

interface PendingRun {
  id: string;
  company_id: string;
  event: StoredEvent;
  actions: RecipeAction[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Executes queued recipe runs: each action in order, every one recorded with its outcome (a failed step
 * does not stop the next ones; the run fails if any step failed). Calls to other contexts go over the bus
 * as the `integrations` service actor, with the bus timeout; webhook calls have the webhook timeout.
 */
@Injectable()
export class RecipeRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecipeRunner.name);
  private readonly poller = new Poller(() => this.drain());

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    private readonly email: EmailService,
    private readonly webhooks: WebhooksService,
    private readonly config: IntegrationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start(this.config.WORKER_POLL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  async drain(): Promise<void> {
    try {
      const [runs] = await this.dataSource.query<[PendingRun[], number]>(
        `UPDATE recipe_runs x SET locked_until = now() + interval '2 minutes'
         FROM recipes r
         WHERE r.id = x.recipe_id AND x.id IN (
           SELECT id FROM recipe_runs WHERE status = 'pending' AND (locked_until IS NULL OR locked_until < now())
           ORDER BY created_at LIMIT 10 FOR UPDATE SKIP LOCKED)
         RETURNING x.id, x.company_id, x.event, r.actions`,
      );
      // Runs of different recipes (and tenants) proceed side by side.
      await Promise.all(runs.map((run) => this.execute(run)));
    } catch (error) {
      this.logger.warn(`Recipe runner failed: ${String(error)}`);
    }
  }

  private async execute(run: PendingRun): Promise<void> {
    const steps: RecipeStepResponse[] = [];
    for (const [index, action] of run.actions.entries()) {
      try {
        const detail = await this.perform(run, action);
        steps.push({ index, type: action.type, status: 'succeeded', detail, error: null });
      } catch (error) {
        const e = error as { code?: string; message?: string };
        const message = `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`.slice(0, 500);
        steps.push({ index, type: action.type, status: 'failed', detail: null, error: message });
      }
    }
    const failed = steps.some((s) => s.status === 'failed');
    await this.dataSource.query(
      `UPDATE recipe_runs SET status = $2, steps = $3, finished_at = now(), locked_until = NULL WHERE id = $1`,
      [run.id, failed ? 'failed' : 'succeeded', JSON.stringify(steps)],
    );
    this.logger.log(`Recipe run ${run.id} ${failed ? 'failed' : 'succeeded'} (${steps.length} steps)`);
  }

  private meta(run: PendingRun): RequestMeta {
    return { requestId: `recipe-run:${run.id}`, actor: { type: 'service', id: 'integrations' } };
  }

  private async perform(run: PendingRun, action: RecipeAction): Promise<string> {
    const event = run.event;
    switch (action.type) {
      case 'psa_ticket': {
        const ticket = await this.bus.request(
          OpenPsaTicket,
          {
            companyId: run.company_id,
            summary: fill(action.summary ?? '', event).slice(0, 200),
            ...(action.description ? { description: fill(action.description, event).slice(0, 4000) } : {}),
            ...(action.psaType ? { psaType: action.psaType } : {}),
            ...(action.ticketId ? { ticketId: fill(action.ticketId, event) } : {}),
          },
          this.meta(run),
        );
        return `${ticket.created ? 'opened' : 'updated'} ${ticket.psaType} ticket ${ticket.ticketId}`;
      }
      case 'group_add_member':
      case 'group_remove_member': {
        const userId = valueAt(event, action.userField ?? 'data.userId');
        if (typeof userId !== 'string' || !isUUID(userId))
          throw new Error(`no user id at ${action.userField ?? 'data.userId'} in the event`);
        const command = { companyId: run.company_id, groupId: action.groupId!, userId };
        if (action.type === 'group_add_member')
          await this.bus.request(AddGroupMemberBySystem, command, this.meta(run));
        else await this.bus.request(RemoveGroupMemberBySystem, command, this.meta(run));
        return `${action.type === 'group_add_member' ? 'added' : 'removed'} user ${userId} ${action.type === 'group_add_member' ? 'to' : 'from'} group ${action.groupId}`;
      }
      case 'email': {
        const to = fill(action.to ?? '', event).trim();
        if (!EMAIL.test(to)) throw new Error(`"${to}" is not an e-mail address`);
        await this.dataSource.transaction(async (manager) =>
          this.email.enqueue(manager, {
            kind: 'recipe',
            sourceEventId: null,
            companyId: run.company_id,
            to,
            mail: recipeMail(await this.email.brandOf(manager, run.company_id), {
              subject: fill(action.subject ?? '', event).slice(0, 200),
              body: fill(action.body ?? '', event),
            }),
          }),
        );
        return `queued an e-mail to ${to}`;
      }
      case 'webhook': {
        const [endpoint]: EndpointRow[] = await this.dataSource.query(
          `SELECT * FROM webhook_endpoints WHERE id = $1 AND company_id = $2`,
          [action.endpointId, run.company_id],
        );
        if (!endpoint) throw new Error('the webhook endpoint no longer exists');
        const id = randomUUID();
        const body = JSON.stringify({
          type: event.type,
          timestamp: event.occurredAt,
          eventId: event.eventId,
          companyId: run.company_id,
          recipeRunId: run.id,
          data: event.data,
        });
        const result = await postJson(
          endpoint.url,
          body,
          webhookHeaders(this.webhooks.secretsOf(endpoint), id, Math.floor(Date.now() / 1000), body),
          {
            timeoutMs: this.config.WEBHOOKS_TIMEOUT_MS,
            allowPrivate: this.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS,
          },
        );
        if (result.status === null || result.status < 200 || result.status >= 300)
          throw new Error(`webhook call failed: ${result.error ?? `HTTP ${result.status}`}`);
        return `called the webhook: HTTP ${result.status} in ${result.durationMs} ms`;
      }
    }
  }
}
