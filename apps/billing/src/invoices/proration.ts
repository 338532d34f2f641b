import { InvoiceLineKind } from '@roster/contracts';

/**
 * Proration, the one place where billing turns time into money.
 *
 * Billing is in arrears: the invoice for a period is issued when the period ends and charges what the
 * company actually had. It starts with one `plan` line for the seats and plan held at the period start,
 * charged over the whole billed span; every later change adds a marginal line from the moment it happened
 * to the end of the billed span:
 *   - a seat change of `delta` seats at `t`:  delta × price × remaining(t) / length
 *   - an upgrade at `t` (seats q):           −q × oldPrice × remaining(t) / length   (a credit)
 *                                            +q × newPrice × remaining(t) / length
 * where `length` is the full period in seconds and `remaining(t)` the whole seconds from `t` to the end of the
 * billed span (the period end, or the cancellation time for a final invoice). The lines add up to the exact
 * integral of seats × price over the period.
 *
 * Rounding: every line is rounded on its own to an integer number of minor units, half away from zero
 * (0.5 cent → 1 cent, −0.5 cent → −1 cent), in exact integer arithmetic. The invoice total is the sum of the
 * rounded lines, so the total always equals the sum of its lines.
 */
export interface PricedPlan {
  id: string;
  name: string;
  pricePerSeatMinor: number;
  currency: string;
}

export interface ProrationInput {
  periodStart: Date;
  periodEnd: Date;
  /** Where billing stops: the period end, or the cancellation time of a final invoice. */
  billUntil: Date;
  planAtStart: PricedPlan;
  seatsAtStart: number;
  seatChanges: Array<{ at: Date; delta: number }>;
  planChanges: Array<{ at: Date; to: PricedPlan }>;
}

export interface ComputedLine {
  kind: InvoiceLineKind;
  description: string;
  quantity: number;
  unitAmountMinor: number;
  amountMinor: number;
  periodStart: Date;
  periodEnd: Date;
}

/** quantity × unit × seconds / length, rounded half away from zero, in exact integer arithmetic. */
export function prorate(quantity: number, unitMinor: number, seconds: number, lengthSeconds: number): number {
  if (lengthSeconds <= 0) throw new Error('a period must be longer than zero seconds');
  const numerator = BigInt(quantity) * BigInt(unitMinor) * BigInt(seconds);
  const denominator = BigInt(lengthSeconds);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return Number(negative ? -rounded : rounded);
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));

export function computeLines(input: ProrationInput): ComputedLine[] {
  const { periodStart, periodEnd, billUntil } = input;
  const length = seconds(periodStart, periodEnd);
  const until = billUntil < periodEnd ? billUntil : periodEnd;
  const span = (from: Date) => seconds(from, until);
  let plan = input.planAtStart;
  let seats = input.seatsAtStart;
  const lines: ComputedLine[] = [
    {
      kind: 'plan',
      description: `${plan.name} × ${seats} seat${seats === 1 ? '' : 's'}`,
      quantity: seats,
      unitAmountMinor: plan.pricePerSeatMinor,
      amountMinor: prorate(seats, plan.pricePerSeatMinor, span(periodStart), length),
      periodStart,
      periodEnd: until,
    },
  ];
  type Change = { at: Date; order: number; apply: () => void };
  const changes: Change[] = [
    ...input.planChanges
      .filter((c) => c.at > periodStart && c.at < until)
      .map((c) => ({
        at: c.at,
        order: 0,
        apply: () => {
          const remaining = span(c.at);
          lines.push(
            {
              kind: 'credit',
              description: `Unused time on ${plan.name} × ${seats} from ${c.at.toISOString()}`,
              quantity: seats,
              unitAmountMinor: plan.pricePerSeatMinor,
              amountMinor: -prorate(seats, plan.pricePerSeatMinor, remaining, length),
              periodStart: c.at,
              periodEnd: until,
            },
            {
              kind: 'plan_change',
              description: `Remaining time on ${c.to.name} × ${seats} from ${c.at.toISOString()}`,
              quantity: seats,
              unitAmountMinor: c.to.pricePerSeatMinor,
              amountMinor: prorate(seats, c.to.pricePerSeatMinor, remaining, length),
              periodStart: c.at,
              periodEnd: until,
            },
          );
          plan = c.to;
        },
      })),
    ...input.seatChanges
      .filter((c) => c.at >= periodStart && c.at < until && c.delta !== 0)
      .map((c) => ({
        at: c.at,
        order: 1,
        apply: () => {
          const added = c.delta > 0;
          const n = Math.abs(c.delta);
          lines.push({
            kind: 'seat_change',
            description: `${n} seat${n === 1 ? '' : 's'} ${added ? 'added' : 'removed'} ${c.at.toISOString()} (${plan.name}, prorated)`,
            quantity: c.delta,
            unitAmountMinor: plan.pricePerSeatMinor,
            amountMinor: prorate(c.delta, plan.pricePerSeatMinor, span(c.at), length),
            periodStart: c.at,
            periodEnd: until,
          });
          seats += c.delta;
        },
      })),
  ];
  changes.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const change of changes) change.apply();
  return lines;
}

export const totalOf = (lines: Array<{ amountMinor: number }>) =>
  lines.reduce((sum, l) => sum + l.amountMinor, 0);

/** Adds `count` months or years in UTC, clamping the day to the month's last (Jan 31 + 1 month = Feb 28/29). */
export function addInterval(from: Date, interval: 'month' | 'year', count: number): Date {
  const months = interval === 'year' ? 12 * count : count;
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}
