import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CreatePlanRequest,
  ListPlansRequest,
  PlanResponse,
  UpdatePlanRequest,
} from '@roster/contracts';
import { RequestMeta } from '@roster/messaging';
import { BillingAccess } from '../common/billing-access';

interface PlanRow {
  id: string;
  name: string;
  price_per_seat_minor: string;
  currency: string;
  interval: 'month' | 'year';
  interval_count: number;
  trial_days: number;
  seat_cap: number | null;
  features: string[];
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toPlan(row: PlanRow): PlanResponse {
  return {
    id: row.id,
    name: row.name,
    pricePerSeatMinor: Number(row.price_per_seat_minor),
    currency: row.currency,
    interval: row.interval,
    intervalCount: row.interval_count,
    trialDays: row.trial_days,
    seatCap: row.seat_cap,
    features: row.features,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

@Injectable()
export class PlansService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: BillingAccess,
  ) {}

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<PlanResponse | null> {
    const rows: PlanRow[] = await manager.query(`SELECT * FROM plans WHERE id = $1`, [id]);
    return rows[0] ? toPlan(rows[0]) : null;
  }

  async require(id: string, manager?: EntityManager): Promise<PlanResponse> {
    const plan = await this.find(id, manager);
    if (!plan) throw new AppError('NOT_FOUND', `No plan ${id}`);
    return plan;
  }

  async list(request: ListPlansRequest, meta: RequestMeta): Promise<{ items: PlanResponse[] }> {
    const all = request.includeInactive && this.access.isOperator(meta);
    const rows: PlanRow[] = await this.dataSource.query(
      `SELECT * FROM plans ${all ? '' : 'WHERE active'} ORDER BY price_per_seat_minor, id`,
    );
    return { items: rows.map(toPlan) };
  }

  async create(request: CreatePlanRequest, meta: RequestMeta): Promise<PlanResponse> {
    this.access.requireOperator(meta);
    const rows: PlanRow[] = await this.dataSource.query(
      `INSERT INTO plans (id, name, price_per_seat_minor, currency, interval, interval_count, trial_days, seat_cap, features)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [
        request.id,
        request.name.trim(),
        request.pricePerSeatMinor,
        request.currency,
        request.interval,
        request.intervalCount ?? 1,
        request.trialDays ?? 0,
        request.seatCap ?? null,
        JSON.stringify(request.features ?? []),
      ],
    );
    if (!rows[0]) throw new AppError('CONFLICT', `A plan ${request.id} exists already`);
    return toPlan(rows[0]);
  }

  async update(request: UpdatePlanRequest, meta: RequestMeta): Promise<PlanResponse> {
    this.access.requireOperator(meta);
    const current = await this.require(request.id);
    const [rows] = await this.dataSource.query<[PlanRow[], number]>(
      `UPDATE plans SET name = $2, trial_days = $3, seat_cap = $4, features = $5, active = $6, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [
        request.id,
        request.name?.trim() ?? current.name,
        request.trialDays ?? current.trialDays,
        request.seatCap !== undefined ? request.seatCap : current.seatCap,
        JSON.stringify(request.features ?? current.features),
        request.active ?? current.active,
      ],
    );
    return toPlan(rows[0]);
  }
}
