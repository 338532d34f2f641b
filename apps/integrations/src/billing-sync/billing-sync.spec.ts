import type { InvoiceFinalizedData } from '@roster/contracts';
import { seatsOnInvoice } from './billing.listeners';

describe('billing sync rules', () => {
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
