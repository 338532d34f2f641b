import { addInterval, computeLines, prorate, totalOf } from './proration';

const basic = { id: 'basic', name: 'Basic', pricePerSeatMinor: 1000, currency: 'EUR' };
const pro = { id: 'pro', name: 'Pro', pricePerSeatMinor: 3000, currency: 'EUR' };
const start = new Date('2026-01-01T00:00:00Z');
const end = new Date('2026-01-31T00:00:00Z'); // 30 days = 2,592,000 s
const at = (days: number, seconds = 0) => new Date(start.getTime() + days * 86_400_000 + seconds * 1000);

describe('prorate', () => {
  it('rounds half away from zero, in exact integer arithmetic', () => {
    expect(prorate(1, 1, 1, 2)).toBe(1); // 0.5 → 1
    expect(prorate(-1, 1, 1, 2)).toBe(-1); // −0.5 → −1
    expect(prorate(1, 1, 1, 3)).toBe(0); // 0.333 → 0
    expect(prorate(2, 1, 1, 3)).toBe(1); // 0.667 → 1
    expect(prorate(1, 1000, 1_296_000, 2_592_000)).toBe(500); // half a month of a 10.00 seat
    // Large numbers stay exact (no floating point): 10^6 seats × 10^8 minor units for a whole period.
    expect(prorate(1_000_000, 100_000_000, 2_592_000, 2_592_000)).toBe(100_000_000_000_000);
  });

  it('refuses a period of zero length', () => {
    expect(() => prorate(1, 1, 1, 0)).toThrow();
  });
});

describe('computeLines', () => {
  it('charges the seats held at the period start for the whole period', () => {
    const lines = computeLines({
      periodStart: start,
      periodEnd: end,
      billUntil: end,
      planAtStart: basic,
      seatsAtStart: 3,
      seatChanges: [],
      planChanges: [],
    });
    expect(lines).toEqual([expect.objectContaining({ kind: 'plan', quantity: 3, amountMinor: 3000 })]);
  });

  it('prorates seat changes to the second; removals are credits; total is the sum of the lines', () => {
    const lines = computeLines({
      periodStart: start,
      periodEnd: end,
      billUntil: end,
      planAtStart: basic,
      seatsAtStart: 2,
      seatChanges: [
        { at: at(15), delta: 1 }, // half the period left: +5.00
        { at: at(20, 1), delta: -1 }, // 863,999 s of 2,592,000 left: −3.33333 → −3.33
        { at: at(-1), delta: 5 }, // before the period: already in seatsAtStart, ignored
        { at: end, delta: 1 }, // belongs to the next period
      ],
      planChanges: [],
    });
    expect(lines.map((l) => [l.kind, l.quantity, l.amountMinor])).toEqual([
      ['plan', 2, 2000],
      ['seat_change', 1, 500],
      ['seat_change', -1, -333],
    ]);
    expect(totalOf(lines)).toBe(2167);
  });

  it('an upgrade credits the unused time on the old plan and charges the new one from that moment', () => {
    const lines = computeLines({
      periodStart: start,
      periodEnd: end,
      billUntil: end,
      planAtStart: basic,
      seatsAtStart: 2,
      seatChanges: [{ at: at(20), delta: 1 }],
      planChanges: [{ at: at(10), to: pro }],
    });
    expect(lines.map((l) => [l.kind, l.quantity, l.amountMinor])).toEqual([
      ['plan', 2, 2000],
      ['credit', 2, -1333], // 2 × 10.00 × 2/3 = 13.333
      ['plan_change', 2, 4000], // 2 × 30.00 × 2/3
      ['seat_change', 1, 1000], // a Pro seat for the last third
    ]);
    expect(totalOf(lines)).toBe(5667);
  });

  it('a final invoice bills only up to the cancellation', () => {
    const lines = computeLines({
      periodStart: start,
      periodEnd: end,
      billUntil: at(6),
      planAtStart: basic,
      seatsAtStart: 5,
      seatChanges: [
        { at: at(3), delta: 1 },
        { at: at(7), delta: 1 },
      ],
      planChanges: [],
    });
    expect(lines.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['plan', 1000], // 5 × 10.00 × 6/30
      ['seat_change', 100], // 1 × 10.00 × 3/30
    ]);
  });
});

describe('addInterval', () => {
  it('adds months and years in UTC, clamping to the end of shorter months', () => {
    expect(addInterval(new Date('2026-01-31T10:00:00Z'), 'month', 1).toISOString()).toBe(
      '2026-02-28T10:00:00.000Z',
    );
    expect(addInterval(new Date('2028-01-31T10:00:00Z'), 'month', 1).toISOString()).toBe(
      '2028-02-29T10:00:00.000Z',
    );
    expect(addInterval(new Date('2026-11-15T00:00:00Z'), 'month', 3).toISOString()).toBe(
      '2027-02-15T00:00:00.000Z',
    );
    expect(addInterval(new Date('2028-02-29T00:00:00Z'), 'year', 1).toISOString()).toBe(
      '2029-02-28T00:00:00.000Z',
    );
  });
});
