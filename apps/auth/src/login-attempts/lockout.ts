export interface LockoutPolicy {
  /** Failures within the window that lock further attempts out. */
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Sliding-window lockout. Given the failures still inside the window, newest first, returns how many
 * seconds remain until fewer than `maxFailures` of them are in it (the lock lifts when the
 * `maxFailures`-th newest failure slides out), or null when attempts are allowed now.
 */
export function lockoutRetryAfter(
  failuresNewestFirst: readonly Date[],
  policy: LockoutPolicy,
  now: Date,
): number | null {
  if (failuresNewestFirst.length < policy.maxFailures) return null;
  return retryAfterFromPivot(failuresNewestFirst[policy.maxFailures - 1], policy, now);
}

/** The same from the deciding failure alone (the maxFailures-th newest in the window), or null without one. */
export function retryAfterFromPivot(pivot: Date | null, policy: LockoutPolicy, now: Date): number | null {
  if (!pivot) return null;
  const remainingMs = pivot.getTime() + policy.windowSeconds * 1000 - now.getTime();
  return remainingMs > 0 ? Math.max(1, Math.ceil(remainingMs / 1000)) : null;
}

/** The start of the counting window. */
export function windowStart(policy: LockoutPolicy, now: Date): Date {
  return new Date(now.getTime() - policy.windowSeconds * 1000);
}

export interface SlowdownPolicy {
  /** Failures within the window after which every further attempt is held back. */
  afterFailures: number;
  /** The first delay; each further failure doubles it. 0 turns the slowdown off. */
  baseMs: number;
  /** The longest delay. */
  maxMs: number;
}

/**
 * How long to hold an attempt back, given the failures already inside the window: nothing below
 * `afterFailures`, then `baseMs`, doubling with each further failure, at most `maxMs`. With the defaults
 * (2, 250, 2000) an account's 3rd attempt waits 250 ms, its 4th 500 ms, its 5th 1 s.
 */
export function slowdownMs(failures: number, policy: SlowdownPolicy): number {
  if (policy.baseMs <= 0 || failures < policy.afterFailures) return 0;
  const doublings = Math.min(failures - policy.afterFailures, 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** doublings);
}
