import { IsInt, IsUUID, Min } from 'class-validator';
import { defineRpc } from '../define';

export class CheckSeatAvailabilityRequest {
  @IsUUID() companyId!: string;
  /** How many new members the caller wants to add (an invitation: 1; an import: its rows). */
  @IsInt() @Min(1) additional!: number;
}
export interface SeatAvailabilityResponse {
  companyId: string;
  /** How many of `additional` fit; equal to it when the plan has no cap or no subscription exists. */
  allowed: number;
  /** The plan's seat cap, or null for none. */
  cap: number | null;
  used: number;
}
/** Asked by directory before inviting or importing members (a plan with a seat cap refuses beyond it). */
export const CheckSeatAvailability = defineRpc<CheckSeatAvailabilityRequest, SeatAvailabilityResponse>(
  'billing.seats.check-availability.v1',
  CheckSeatAvailabilityRequest,
);
