import type { InvoiceFinalizedData } from '@roster/contracts';
import { seatsOnInvoice } from './billing.listeners';
import { retryDelayMs } from './psa-worker';

describe('billing sync rules', () => {
  it('backs off exponentially from the base, capped', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 2000, 900_000))).toEqual([2000, 4000, 8000, 16000]);
    expect(retryDelayMs(30, 2000, 900_000)).toBe(900_000);
  });

  it('reads the seats of an invoice from its seat lines, else its largest line', () => {
    const invoice = (lines: Array<[string, number]>) =>
      ({
        lines: lines.map(([description, quantity]) => ({ description, quantity, amountMinor: 0 })),
      }) as InvoiceFinalizedData;
    expect(
      seatsOnInvoice(
        invoice([
          ['Seats', 7],
          ['Setup fee', 1],
          ['Extra seats (prorated)', 2],
        ]),
      ),
    ).toBe(9);
    expect(
      seatsOnInvoice(
        invoice([
          ['Users', 5],
          ['Support', 1],
        ]),
      ),
    ).toBe(5);
    expect(seatsOnInvoice(invoice([]))).toBe(0);
  });
});
