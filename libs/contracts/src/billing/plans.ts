import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { defineRpc } from '../define';

export const PLAN_INTERVALS = ['month', 'year'] as const;
export type PlanInterval = (typeof PLAN_INTERVALS)[number];

/** A plan of the catalogue. Money: integer minor units (cents) with an ISO 4217 currency. */
export interface PlanResponse {
  id: string;
  name: string;
  pricePerSeatMinor: number;
  currency: string;
  interval: PlanInterval;
  intervalCount: number;
  trialDays: number;
  seatCap: number | null;
  features: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export class CreatePlanRequest {
  /** A stable slug, e.g. `pro-monthly`. */
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/) id!: string;
  @IsString() @IsNotEmpty() @MaxLength(120) name!: string;
  @IsInt() @Min(0) @Max(100_000_000) pricePerSeatMinor!: number;
  @IsString() @Matches(/^[A-Z]{3}$/) currency!: string;
  @IsIn(PLAN_INTERVALS) interval!: PlanInterval;
  @IsOptional() @IsInt() @Min(1) @Max(36) intervalCount?: number;
  @IsOptional() @IsInt() @Min(0) @Max(365) trialDays?: number;
  @IsOptional() @IsInt() @Min(1) seatCap?: number | null;
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(120, { each: true }) features?: string[];
}
/** Operators only (see billing's PLATFORM_OPERATORS). */
export const CreatePlan = defineRpc<CreatePlanRequest, PlanResponse>(
  'billing.plan.create.v1',
  CreatePlanRequest,
);

/** Price, currency and interval of a plan never change (subscribers rely on them): create a new plan. */
export class UpdatePlanRequest {
  @IsString() id!: string;
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(120) name?: string;
  @IsOptional() @IsInt() @Min(0) @Max(365) trialDays?: number;
  @IsOptional() @IsInt() @Min(1) seatCap?: number | null;
  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(120, { each: true }) features?: string[];
  @IsOptional() @IsBoolean() active?: boolean;
}
export const UpdatePlan = defineRpc<UpdatePlanRequest, PlanResponse>(
  'billing.plan.update.v1',
  UpdatePlanRequest,
);

export class ListPlansRequest {
  /** Operators may include inactive plans; for everyone else only active plans are listed. */
  @IsOptional() @IsBoolean() includeInactive?: boolean;
}
export const ListPlans = defineRpc<ListPlansRequest, { items: PlanResponse[] }>(
  'billing.plan.list.v1',
  ListPlansRequest,
);
