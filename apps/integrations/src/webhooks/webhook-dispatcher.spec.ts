import { retryDelaySeconds } from './webhook-dispatcher';

describe('webhook retry schedule', () => {
  const schedule = [5, 300, 1800, 7200, 18000, 36000, 36000];

  it('waits the scheduled time before each retry, then gives up', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelaySeconds(schedule, n))).toEqual(schedule);
    expect(retryDelaySeconds(schedule, 8)).toBeNull();
  });

  it('spreads the default schedule over about a day', () => {
    const hours = schedule.reduce((a, b) => a + b, 0) / 3600;
    expect(hours).toBeGreaterThan(24);
    expect(hours).toBeLessThan(30);
  });
});
