import { lockoutRetryAfter, windowStart, retryAfterFromPivot, slowdownMs } from './lockout';

const policy = { maxFailures: 3, windowSeconds: 60 };
const now = new Date('2026-01-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('lockoutRetryAfter', () => {
  it('allows attempts below the limit', () => {
    expect(lockoutRetryAfter([], policy, now)).toBeNull();
    expect(lockoutRetryAfter([ago(1), ago(2)], policy, now)).toBeNull();
  });

  it('locks at the limit until the limit-th newest failure leaves the window', () => {
    // Failures 5 s, 10 s and 50 s ago: locked until the oldest of the three leaves the window, in 10 s.
    expect(lockoutRetryAfter([ago(5), ago(10), ago(50)], policy, now)).toBe(10);
  });

  it('counts from the limit-th newest failure when there are more failures than the limit', () => {
    // Five failures: the lock lifts when only two remain, i.e. when the third newest (20 s ago) leaves.
    expect(lockoutRetryAfter([ago(1), ago(2), ago(20), ago(30), ago(40)], policy, now)).toBe(40);
  });

  it('rounds up and never answers 0 seconds while locked', () => {
    expect(lockoutRetryAfter([ago(1), ago(2), ago(59.9)], policy, now)).toBe(1);
    expect(lockoutRetryAfter([ago(1), ago(2), ago(30.5)], policy, now)).toBe(30);
  });

  it('lifts the lock once the window has passed', () => {
    expect(lockoutRetryAfter([ago(60), ago(61), ago(62)], policy, now)).toBeNull();
  });

  it('derives the window start from the policy', () => {
    expect(windowStart(policy, now)).toEqual(ago(60));
  });
});

describe('retryAfterFromPivot', () => {
  const policy = { maxFailures: 3, windowSeconds: 60 };
  const now = new Date('2026-01-01T00:01:00Z');

  it('agrees with lockoutRetryAfter given the maxFailures-th newest failure', () => {
    const failures = [50, 40, 30, 5].map((s) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)));
    expect(retryAfterFromPivot(failures[2], policy, now)).toBe(lockoutRetryAfter(failures, policy, now));
    expect(retryAfterFromPivot(failures[2], policy, now)).toBe(30);
  });

  it('is null without a pivot (fewer failures than the limit) or once the pivot has left the window', () => {
    expect(retryAfterFromPivot(null, policy, now)).toBeNull();
    expect(retryAfterFromPivot(new Date('2025-12-31T23:59:59Z'), policy, now)).toBeNull();
  });
});

describe('slowdownMs', () => {
  const slowdown = { afterFailures: 2, baseMs: 250, maxMs: 2000 };

  it('holds nothing back below the threshold, then doubles from the base up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => slowdownMs(n, slowdown))).toEqual([
      0, 0, 250, 500, 1000, 2000, 2000, 2000,
    ]);
  });

  it('is off with a base of 0', () => {
    expect(slowdownMs(10, { ...slowdown, baseMs: 0 })).toBe(0);
  });

  it('never overflows however many failures there are', () => {
    expect(slowdownMs(1_000_000, slowdown)).toBe(2000);
  });
});
