import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { companyPaused } from '../lifecycle/company-pauses';
import { MappingEntity } from '../mappings/mapping.entity';
import { PsaJobKind } from './psa-job.entity';

export interface BillingSyncPayload {
  quantity: number;
  source: 'subscription' | 'invoice';
}

/** Queues PSA work inside the caller's transaction; PsaWorker does it. */
@Injectable()
export class PsaJobsService {
  async enqueue(
    manager: EntityManager,
    job: {
      integrationId: string;
      kind: PsaJobKind;
      companyId: string | null;
      sourceEventId: string | null;
      payload: object;
    },
  ): Promise<string | null> {
    const id = randomUUID();
    const inserted: unknown[] = await manager.query(
      `INSERT INTO psa_jobs (id, integration_id, kind, company_id, source_event_id, payload, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending')
       ON CONFLICT (integration_id, kind, source_event_id) DO NOTHING RETURNING id`,
      [id, job.integrationId, job.kind, job.companyId, job.sourceEventId, JSON.stringify(job.payload)],
    );
    return inserted.length ? id : null;
  }

  /**
   * A new quantity for a company: one billing sync run per mapping of that company. Runs still waiting
   * for the same mapping are superseded: only the latest quantity matters. None while the company is deleted
   * (paused, see CompanyLifecycleService).
   */
  async queueSeatSync(
    manager: EntityManager,
    companyId: string,
    sourceEventId: string,
    payload: BillingSyncPayload,
  ): Promise<number> {
    if (await companyPaused(manager, companyId)) return 0;
    const mappings = await manager.findBy(MappingEntity, { companyId });
    let queued = 0;
    for (const mapping of mappings) {
      const id = await this.enqueue(manager, {
        integrationId: mapping.integrationId,
        kind: 'billing-sync',
        companyId,
        sourceEventId,
        payload,
      });
      if (!id) continue;
      queued++;
      await manager.query(
        `UPDATE psa_jobs SET status = 'superseded', finished_at = now(), result = $4
          WHERE integration_id = $1 AND company_id = $2 AND kind = 'billing-sync' AND id <> $3
            AND status IN ('pending', 'retrying')`,
        [mapping.integrationId, companyId, id, `superseded by run ${id}`],
      );
    }
    return queued;
  }
}
