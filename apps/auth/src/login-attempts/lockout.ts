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
