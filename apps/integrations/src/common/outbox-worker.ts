import { DataSource } from 'typeorm';

/** The wait before the retry after `attempts` failures: base, 2×base, 4×base … capped (in base's unit). */
export function backoff(attempts: number, base: number, cap: number): number {
  return Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
}

/** The e-mail and SMS outboxes wait at most an hour between attempts. */
export const OUTBOX_RETRY_CAP_SECONDS = 3600;

/**
 * Claims up to `limit` due rows of a delivery outbox (`status = 'pending'`, `next_attempt_at` passed, no
 * live lease) for `leaseSeconds`, `FOR UPDATE SKIP LOCKED` so replicas share the work, and returns the
 * `returning` columns. The e-mail and SMS outboxes share this shape.
 */
export async function claimDueRows<Row>(
  dataSource: DataSource,
  table: 'email_outbox' | 'sms_outbox',
  returning: string,
  leaseSeconds: number,
  limit = 10,
): Promise<Row[]> {
  const [rows] = await dataSource.query<[Row[], number]>(
    `UPDATE ${table} SET locked_until = now() + make_interval(secs => $1)
     WHERE id IN (SELECT id FROM ${table} WHERE status = 'pending' AND next_attempt_at <= now()
                    AND (locked_until IS NULL OR locked_until < now())
                  ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING ${returning}`,
    [leaseSeconds, limit],
  );
  return rows;
}

/**
 * Runs `drain` every `intervalMs`, never two at once; `stop` waits for the one under way (shutdown).
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly drain: () => Promise<void>) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.drain().finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
