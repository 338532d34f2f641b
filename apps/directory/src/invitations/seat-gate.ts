import { Injectable, Logger } from '@nestjs/common';
import { AppError, CheckSeatAvailability, SeatAvailabilityResponse } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';

export interface SeatVerdict {
  /** How many of the wanted members fit (0..wanted). */
  allowed: number;
  /** False when billing did not answer (no responder): no cap is known, so nothing is refused. */
  known: boolean;
}

/** Billing's answer, clamped to what was asked; a missing answer means no known cap. */
export function seatVerdict(answer: SeatAvailabilityResponse | null, wanted: number): SeatVerdict {
  if (!answer) return { allowed: wanted, known: false };
  return { allowed: Math.max(0, Math.min(wanted, Math.floor(answer.allowed))), known: true };
}

/**
 * Asks billing how many new members fit the company's plan before inviting or adding them. Billing not
 * deployed or not answering at all (503, no responder) is treated as "no cap known": members are not
 * blocked by a billing outage; billing reconciles seats from member events anyway. A timeout or any other
 * error is passed on.
 */
@Injectable()
export class SeatGate {
  private readonly logger = new Logger(SeatGate.name);

  constructor(private readonly bus: BusClient) {}

  async check(companyId: string, wanted: number, meta: RequestMeta): Promise<SeatVerdict> {
    if (wanted < 1) return { allowed: 0, known: true };
    try {
      const answer = await this.bus.request(CheckSeatAvailability, { companyId, additional: wanted }, meta);
      return seatVerdict(answer, wanted);
    } catch (error) {
      if (error instanceof AppError && error.code === 'SERVICE_UNAVAILABLE') {
        this.logger.warn(`Billing did not answer the seat check for ${companyId}; no cap applied`);
        return seatVerdict(null, wanted);
      }
      throw error;
    }
  }
}
