import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError, CompanyPurged, DomainRemoved, PurgeDeletedCompaniesResponse } from '@roster/contracts';
import { EventMeta, OutboxService, RequestMeta } from '@roster/messaging';
import { DirectoryConfig } from '../config/directory.config';

/** Tables holding a company's directory data, children first (link tables go with their parents by cascade). */
const COMPANY_TABLES = [
  'org_units',
  'groups',
  'contacts',
  'labels',
  'applications',
  'invitations',
  'signup_requests',
  'company_domains',
  'ownership_transfers',
  'member_log',
  'memberships',
  'company_subscriptions',
] as const;

const systemMeta = (companyId: string): EventMeta => ({
  tenantId: companyId,
  actor: { type: 'service', id: 'directory' },
});

/**
 * Purges companies whose deletion grace period (COMPANY_DELETE_GRACE_DAYS) is over: every piece of their
 * directory data is deleted, one transaction per company, and `company.purged` (plus `domain.removed` for each
 * verified domain, now free for others) leaves through the outbox in that transaction. The company row stays
 * as a tombstone (`purged_at`, settings and branding cleared) so its former owners get 410 on restore. The
 * audit log is kept for accountability but anonymised: client IPs, user agents and event payloads (which can
 * hold e-mail addresses and names) are erased; types, times, actor and subject ids stay.
 *
 * Runs on a timer (COMPANY_PURGE_INTERVAL_MS) and on demand (operators). Replicas never purge the same company
 * twice: each candidate row is taken `FOR UPDATE SKIP LOCKED` and re-checked inside its transaction.
 */
@Injectable()
export class CompanyPurgeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CompanyPurgeService.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<PurgeDeletedCompaniesResponse> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: DirectoryConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.COMPANY_PURGE_INTERVAL_MS > 0)
      this.timer = setInterval(() => {
        this.run().catch((error: unknown) => this.logger.error(`Company purge failed: ${String(error)}`));
      }, this.config.COMPANY_PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Operators only (user ids in PLATFORM_OPERATORS, or a service actor). */
  async runFor(meta: RequestMeta, companyId?: string): Promise<PurgeDeletedCompaniesResponse> {
    if (meta.actor.type === 'anonymous') throw new AppError('UNAUTHENTICATED');
    const operator =
      meta.actor.type === 'service' || (!!meta.actor.id && this.config.operatorIds.has(meta.actor.id));
    if (!operator) throw new AppError('FORBIDDEN', 'Only platform operators may purge companies');
    return this.run(companyId);
  }

  /** One run at a time per process; a company that fails is logged and left for the next run. */
  async run(companyId?: string): Promise<PurgeDeletedCompaniesResponse> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.runOnce(companyId ?? null);
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  private async runOnce(only: string | null): Promise<PurgeDeletedCompaniesResponse> {
    const purged: string[] = [];
    const failed: string[] = [];
    for (;;) {
      const current: { id?: string } = {};
      try {
        const done = await this.dataSource.transaction(async (manager) => {
          const due = await this.takeNext(manager, only, failed);
          if (!due) return false;
          current.id = due.id;
          await this.purge(manager, due.id, due.deletedAt);
          return true;
        });
        if (!done) return { purged };
        purged.push(current.id!);
      } catch (error) {
        if (!current.id) throw error;
        this.logger.error(`Purging company ${current.id} failed: ${String(error)}`);
        failed.push(current.id);
      }
    }
  }

  /** The next company past its grace period that no other transaction holds, locked for this one. */
  private async takeNext(
    manager: EntityManager,
    only: string | null,
    skip: string[],
  ): Promise<{ id: string; deletedAt: Date } | null> {
    const rows = await manager.query<Array<{ id: string; deleted_at: Date }>>(
      `SELECT id, deleted_at FROM companies
        WHERE deleted_at IS NOT NULL AND purged_at IS NULL
          AND deleted_at < now() - make_interval(days => $1)
          AND ($2::uuid IS NULL OR id = $2) AND NOT (id = ANY($3::uuid[]))
        ORDER BY deleted_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [this.config.COMPANY_DELETE_GRACE_DAYS, only, skip],
    );
    return rows[0] ? { id: rows[0].id, deletedAt: rows[0].deleted_at } : null;
  }

  private async purge(manager: EntityManager, companyId: string, deletedAt: Date): Promise<void> {
    const owners = await manager.query<Array<{ user_id: string }>>(
      `SELECT user_id FROM memberships WHERE company_id = $1 AND role = 'owner'`,
      [companyId],
    );
    const [{ count }] = await manager.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM memberships WHERE company_id = $1`,
      [companyId],
    );
    const domains = await manager.query<Array<{ domain: string }>>(
      `SELECT domain FROM company_domains WHERE company_id = $1 AND verified_at IS NOT NULL ORDER BY domain`,
      [companyId],
    );
    for (const table of COMPANY_TABLES)
      await manager.query(`DELETE FROM ${table} WHERE company_id = $1`, [companyId]);
    await manager.query(
      `UPDATE audit_log SET ip = NULL, user_agent = NULL, data = '{}'::jsonb WHERE company_id = $1`,
      [companyId],
    );
    const purgedAt = new Date();
    await manager.query(
      `UPDATE companies
          SET purged_at = $3, former_owner_ids = $2::uuid[], description = NULL, primary_color = NULL,
              billing_email = NULL, logo = NULL, logo_content_type = NULL, logo_updated_at = NULL,
              ip_allow_list = '{}', updated_at = now()
        WHERE id = $1`,
      [companyId, owners.map((o) => o.user_id), purgedAt],
    );
    const meta = systemMeta(companyId);
    for (const { domain } of domains)
      await this.outbox.add(
        manager,
        DomainRemoved,
        { companyId, domain, removedAt: purgedAt.toISOString() },
        meta,
      );
    await this.outbox.add(
      manager,
      CompanyPurged,
      {
        companyId,
        deletedAt: deletedAt.toISOString(),
        purgedAt: purgedAt.toISOString(),
        membersRemoved: count,
        domainsReleased: domains.map((d) => d.domain),
      },
      meta,
    );
    this.logger.log(`Purged company ${companyId} (deleted ${deletedAt.toISOString()})`);
  }
}
