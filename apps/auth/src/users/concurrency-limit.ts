/**
 * At most `limit` tasks run at once; the rest wait their turn in arrival order. argon2 runs on libuv's
 * thread pool (4 threads by default): on a 2-core machine four hashes at once contend for the cores and
 * their caches (each works through 19 MiB), costing ~10 % more CPU per hash than two at a time, and they
 * would also hold up everything else that uses the pool (jose's signing, fs).
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer: ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
