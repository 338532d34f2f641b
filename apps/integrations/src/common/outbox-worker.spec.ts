import { backoffSeconds } from './outbox-worker';

describe('retry backoff of the e-mail and SMS outboxes', () => {
  it('doubles from the base and stops at an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n, 10))).toEqual([10, 20, 40, 80]);
    expect([1, 2, 3, 4, 5].map((n) => backoffSeconds(n, 10))).toEqual([10, 20, 40, 80, 160]);
    expect(backoffSeconds(2, 1)).toBe(2);
    expect(backoffSeconds(30, 10)).toBe(3600);
    expect(backoffSeconds(40, 5)).toBe(3600);
  });
});
