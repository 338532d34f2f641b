import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CompanyStatisticsResponse,
  EventEnvelope,
  SubscriptionUpdatedData,
  TwoFactorDisabledData,
  TwoFactorEnabledData,
} from '@roster/contracts';
import { CompanyAccessService } from '../access/company-access.service';

interface CountsRow {
  total: number;
  active: number;
  disabled: number;
  owners: number;
  admins: number;
  members: number;
  two_factor: number;
}
interface SubscriptionRow {
  status: string;
  quantity: number;
  seat_cap: number | null;
}

@Injectable()
export class StatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccessService,
  ) {}

  /** Owners and admins (also via the provider); two aggregate queries on indexed keys. */
  async forCompany(userId: string, companyId: string): Promise<CompanyStatisticsResponse> {
    await this.access.require(userId, companyId, 'manage');
    const [[counts], [subscription]] = await Promise.all([
      this.dataSource.query<CountsRow[]>(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE m.status = 'active')::int AS active,
                count(*) FILTER (WHERE m.status = 'disabled')::int AS disabled,
                count(*) FILTER (WHERE m.role = 'owner')::int AS owners,
                count(*) FILTER (WHERE m.role = 'admin')::int AS admins,
                count(*) FILTER (WHERE m.role = 'member')::int AS members,
                count(*) FILTER (WHERE m.status = 'active' AND t.enabled)::int AS two_factor
           FROM memberships m LEFT JOIN user_two_factor t ON t.user_id = m.user_id
          WHERE m.company_id = $1`,
        [companyId],
      ),
      this.dataSource.query<SubscriptionRow[]>(
        `SELECT status, quantity, seat_cap FROM company_subscriptions WHERE company_id = $1`,
        [companyId],
      ),
    ]);
    return {
      companyId,
      members: {
        total: counts.total,
        active: counts.active,
        disabled: counts.disabled,
        byRole: { owner: counts.owners, admin: counts.admins, member: counts.members },
      },
      twoFactor: {
        enabled: counts.two_factor,
        disabled: counts.active - counts.two_factor,
        adoption: counts.active ? Math.round((counts.two_factor / counts.active) * 1000) / 1000 : 0,
      },
      seats: {
        used: counts.active,
        purchased: subscription?.quantity ?? null,
        cap: subscription?.seat_cap ?? null,
        subscriptionStatus: subscription?.status ?? null,
      },
    };
  }

  /** Newest wins: an older (redelivered, reordered) event never overwrites a newer state. */
  async recordTwoFactor(userId: string, enabled: boolean, at: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO user_two_factor (user_id, enabled, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET enabled = EXCLUDED.enabled, changed_at = EXCLUDED.changed_at
        WHERE user_two_factor.changed_at <= EXCLUDED.changed_at`,
      [userId, enabled, at],
    );
  }

  async recordSubscription(
    event: EventEnvelope<SubscriptionUpdatedData>,
    manager: EntityManager,
  ): Promise<void> {
    const { companyId, status, quantity, seatCap, updatedAt } = event.data;
    await manager.query(
      `INSERT INTO company_subscriptions (company_id, status, quantity, seat_cap, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (company_id) DO UPDATE
         SET status = EXCLUDED.status, quantity = EXCLUDED.quantity, seat_cap = EXCLUDED.seat_cap,
             updated_at = EXCLUDED.updated_at
       WHERE company_subscriptions.updated_at <= EXCLUDED.updated_at`,
      [companyId, status, quantity, seatCap ?? null, updatedAt],
    );
  }

  twoFactorEnabled(event: EventEnvelope<TwoFactorEnabledData>, manager: EntityManager) {
    return this.recordTwoFactor(event.data.userId, true, event.data.enabledAt, manager);
  }

  twoFactorDisabled(event: EventEnvelope<TwoFactorDisabledData>, manager: EntityManager) {
    return this.recordTwoFactor(event.data.userId, false, event.data.disabledAt, manager);
  }
}
