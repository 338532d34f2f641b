import { mailRetryDelaySeconds } from './mailer';

describe('mail retry backoff', () => {
  it('doubles from the base and stops at an hour', () => {
    expect([1, 2, 3, 4].map((n) => mailRetryDelaySeconds(n))).toEqual([10, 20, 40, 80]);
    expect(mailRetryDelaySeconds(2, 1)).toBe(2);
    expect(mailRetryDelaySeconds(30)).toBe(3600);
  });
});
