import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CheckSeatAvailabilityRequest,
  CompanySeatsSummary,
  CountCompanySeats,
  EventEnvelope,
  MemberChangeData,
  SeatAvailabilityResponse,
} from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { preparedQuery } from '@roster/persistence';
import { Clock } from '../common/clock';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { LATEST_ACTIVE_AFTER, seatCount } from './seat-count';

type SeatStatus = 'active' | 'disabled' | 'removed';

export const SYSTEM_META: RequestMeta = {
  requestId: 'billing-system',
  actor: { type: 'service', id: 'billing' },
};

/**
 * The company's seats, from directory's member events. Each (company, user) keeps the highest `sequence`
 * applied and its status; an event at or below it is a redelivery or arrived late, and changes nothing. A
 * status change between active and not active is recorded as a seat change (+1/−1) at the event's time.
 * The seat count is the sum of the seat changes (the reconciliation's corrections included).
 */
@Injectable()
export class SeatsService {
  private readonly logger = new Logger(SeatsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
    private readonly clock: Clock,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async apply(
    event: EventEnvelope<MemberChangeData>,
    removed: boolean,
    manager: EntityManager,
  ): Promise<void> {
    const d = event.data;
    const next: SeatStatus = removed ? 'removed' : d.status;
    await lockCompany(manager, d.companyId);
    // One prepared statement (every member change runs it), under the company lock taken above: reads the
    // member's seat as it was and writes the new one, unless this event is at or below the sequence already
    // applied (a redelivery, or late: nothing is written); when the member went from active to not active
    // or back, it records the seat change with the count after it (the latest change's, see seatCount,
    // plus the delta) and returns that count.
    const [{ active_after: after }] = await preparedQuery<{ active_after: number | null }>(
      manager,
      'billing.member-seat-apply',
      `WITH prior AS (
         SELECT last_sequence, status FROM member_seats WHERE company_id = $1 AND user_id = $2
       ), put AS (
         INSERT INTO member_seats (company_id, user_id, last_sequence, status) VALUES ($1, $2, $3, $4)
         ON CONFLICT (company_id, user_id) DO UPDATE SET last_sequence = $3, status = $4, updated_at = now()
           WHERE member_seats.last_sequence < $3
         RETURNING 1
       ), changed AS (
         INSERT INTO seat_changes (company_id, user_id, at, delta, active_after, source, event_id)
         SELECT $1, $2, $5, m.delta, COALESCE((${LATEST_ACTIVE_AFTER}), 0) + m.delta, 'event', $6
           FROM (SELECT CASE WHEN $4 = 'active' THEN 1 ELSE -1 END AS delta) m
          WHERE EXISTS (SELECT 1 FROM put)
            AND (COALESCE((SELECT status FROM prior), 'none') = 'active') <> ($4 = 'active')
         RETURNING active_after
       )
       SELECT (SELECT active_after FROM changed) AS active_after`,
      [d.companyId, d.userId, d.sequence, next, new Date(d.at), event.eventId],
    );
    if (after !== null) await this.subscriptions.seatsChanged(d.companyId, after, manager);
  }

  count(companyId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return seatCount(manager, companyId);
  }

  /** Seats at a moment: the changes recorded before it. */
  async countAt(companyId: string, at: Date, manager: EntityManager): Promise<number> {
    const [row] = await manager.query<Array<{ n: number }>>(
      `SELECT coalesce(sum(delta), 0)::int AS n FROM seat_changes WHERE company_id = $1 AND at < $2`,
      [companyId, at],
    );
    return row.n;
  }

  async changesBetween(companyId: string, from: Date, to: Date, manager: EntityManager) {
    const rows = await manager.query<Array<{ at: Date; delta: number }>>(
      `SELECT at, delta FROM seat_changes WHERE company_id = $1 AND at >= $2 AND at < $3 ORDER BY at, id`,
      [companyId, from, to],
    );
    return rows;
  }

  async summary(companyId: string): Promise<CompanySeatsSummary> {
    const [seq] = await this.dataSource.query<Array<{ s: number }>>(
      `SELECT coalesce(max(last_sequence), 0)::int AS s FROM member_seats WHERE company_id = $1`,
      [companyId],
    );
    const sub = await this.subscriptions.findPlanCap(companyId);
    return { companyId, activeSeats: await this.count(companyId), seatCap: sub, lastSequence: seq.s };
  }

  /** Directory asks before inviting or importing: how many of `additional` fit under the plan's cap. */
  async availability(request: CheckSeatAvailabilityRequest): Promise<SeatAvailabilityResponse> {
    const used = await this.count(request.companyId);
    const cap = await this.subscriptions.findPlanCap(request.companyId);
    const allowed = cap === null ? request.additional : Math.max(0, Math.min(request.additional, cap - used));
    return { companyId: request.companyId, allowed, cap, used };
  }

  /**
   * Compares the count with directory's (recomputed from its member list). When directory's sequence equals
   * the last one applied here (no events in flight) and the counts differ, a correcting seat change is
   * recorded now. Returns the number of companies corrected; skips when directory does not answer.
   */
  async reconcile(companyIds: string[]): Promise<number> {
    let corrected = 0;
    for (const companyId of companyIds) {
      let truth: { activeSeats: number; sequence: number };
      try {
        truth = await this.bus.request(CountCompanySeats, { companyId }, SYSTEM_META);
      } catch (error) {
        this.logger.warn(`Seat reconciliation skipped for ${companyId}: ${String(error)}`);
        continue;
      }
      const changed = await this.dataSource.transaction(async (manager) => {
        await lockCompany(manager, companyId);
        const [seq] = await manager.query<Array<{ s: number }>>(
          `SELECT coalesce(max(last_sequence), 0)::int AS s FROM member_seats WHERE company_id = $1`,
          [companyId],
        );
        if (seq.s !== truth.sequence) return false; // events still on their way
        const ours = await this.count(companyId, manager);
        if (ours === truth.activeSeats) return false;
        await manager.query(
          `INSERT INTO seat_changes (company_id, at, delta, active_after, source) VALUES ($1, $2, $3, $4, 'reconciliation')`,
          [companyId, this.clock.now(), truth.activeSeats - ours, truth.activeSeats],
        );
        this.logger.warn(`Seat drift corrected for ${companyId}: ${ours} → ${truth.activeSeats}`);
        await this.subscriptions.seatsChanged(companyId, truth.activeSeats, manager);
        return true;
      });
      if (changed) corrected++;
    }
    return corrected;
  }
}

/** Serialises seat changes of one company (member events of different kinds are consumed in parallel). */
export async function lockCompany(manager: EntityManager, companyId: string): Promise<void> {
  await preparedQuery(manager, 'billing.company-lock', `SELECT pg_advisory_xact_lock(hashtext($1))`, [
    `billing:${companyId}`,
  ]);
}
