import { backoff, OUTBOX_RETRY_CAP_SECONDS } from './outbox-worker';

describe('retry backoff (the e-mail and SMS outboxes, PSA jobs)', () => {
  it('doubles from the base and stops at an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, 10, OUTBOX_RETRY_CAP_SECONDS))).toEqual([10, 20, 40, 80]);
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, 10, OUTBOX_RETRY_CAP_SECONDS))).toEqual([
      10, 20, 40, 80, 160,
    ]);
    expect(backoff(2, 1, OUTBOX_RETRY_CAP_SECONDS)).toBe(2);
    expect(backoff(30, 10, OUTBOX_RETRY_CAP_SECONDS)).toBe(3600);
    expect(backoff(40, 5, OUTBOX_RETRY_CAP_SECONDS)).toBe(3600);
  });

  it('works in any unit: PSA jobs back off in milliseconds up to their own cap', () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, 2000, 900_000))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoff(30, 2000, 900_000)).toBe(900_000);
  });
});
