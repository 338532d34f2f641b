import { OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What `ThrottlerStorage.increment` answers (the package does not export the type from its root). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Counter {
  /** Index of the current fixed window (now / ttl, floored). */
  window: number;
  current: number;
  previous: number;
}

/**
 * Rate-limit counters in O(1) per request: a sliding-window counter (the current fixed window's hits plus
 * the previous window's, weighted by how much of it still overlaps the last `ttl`). The throttler's
 * default storage keeps one timestamp per hit and filters the list on every request, O(limit) per
 * request (O(requests per minute) with a generous limit). A refused request is not counted, and the
 * caller may try again when the window turns (`Retry-After`); the estimate errs on the strict side only
 * while the previous window still weighs in.
 */
export class SlidingWindowStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly counters = new Map<string, Counter>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly now: () => number = Date.now,
    sweepEveryMs = 60_000,
  ) {
    // Counters idle for two windows weigh nothing: drop them so memory follows the active callers.
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs).unref();
  }

  increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const window = Math.floor(now / ttl);
    const counter = this.counters.get(key) ?? { window, current: 0, previous: 0 };
    if (counter.window !== window) {
      counter.previous = counter.window === window - 1 ? counter.current : 0;
      counter.current = 0;
      counter.window = window;
    }
    this.counters.set(key, counter);
    const intoWindow = now - window * ttl;
    const estimate = counter.previous * (1 - intoWindow / ttl) + counter.current;
    const timeToExpire = Math.max(1, Math.ceil((ttl - intoWindow) / 1000));
    if (estimate >= limit) {
      return Promise.resolve({
        totalHits: Math.floor(estimate) + 1,
        timeToExpire,
        isBlocked: true,
        timeToBlockExpire: timeToExpire,
      });
    }
    counter.current++;
    return Promise.resolve({
      totalHits: Math.ceil(estimate) + 1,
      timeToExpire,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  }

  /** Forgets counters whose windows ended more than one window ago (`ttl` as the caller last used it). */
  sweep(ttl = 60_000): void {
    const window = Math.floor(this.now() / ttl);
    for (const [key, counter] of this.counters) if (counter.window < window - 1) this.counters.delete(key);
  }

  size(): number {
    return this.counters.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
