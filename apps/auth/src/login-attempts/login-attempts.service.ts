import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@roster/contracts';
import { preparedQuery } from '@roster/persistence';
import { AuthConfig } from '../config/auth.config';
import { LoginAttemptKind } from './login-attempt.entity';
import {
  LockoutPolicy,
  lockoutRetryAfter,
  retryAfterFromPivot,
  slowdownMs,
  SlowdownPolicy,
  windowStart,
} from './lockout';

const PRUNE_INTERVAL_MS = 5 * 60_000;
/** Failures per IP counted for the slowdown beyond its threshold: enough to reach any cap (doubling). */
const SLOWDOWN_COUNT_HEADROOM = 16;
/** An e-mail's failures ($1) in its window (since $2) after its last success there, newest first, at most $3. */
const ACCOUNT_FAILURES = `SELECT created_at FROM login_attempts
  WHERE email = $1 AND NOT succeeded AND created_at > $2
    AND created_at > COALESCE(
          (SELECT max(created_at) FROM login_attempts WHERE email = $1 AND succeeded AND created_at > $2), $2)
  ORDER BY created_at DESC
  LIMIT $3`;

/**
 * Brute-force protection in auth's database, so every replica sees the same counts. Failures are
 * counted per account (e-mail; the count restarts after a success) and per client IP (it does not:
 * one good password must not hide a credential-stuffing run). First slowed: past a few failures, each
 * attempt is held back (a growing delay) before any password is checked; then refused: past the limit
 * an attempt is refused with 429 and `Retry-After` at once, and the refused attempt is not counted, so
 * an attacker cannot keep the owner locked out beyond the window. Both depend only on the counts for the
 * e-mail (known or not) and the IP, so an unknown e-mail is slowed and refused exactly like a real one.
 */
@Injectable()
export class LoginAttemptsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LoginAttemptsService.name);
  private pruneTimer?: NodeJS.Timeout;

  // From fixed configuration: built once, not on every attempt.
  private readonly accountPolicy: LockoutPolicy;
  private readonly ipPolicy: LockoutPolicy;
  private readonly accountSlowdown: SlowdownPolicy;
  private readonly ipSlowdown: SlowdownPolicy;

  constructor(
    private readonly dataSource: DataSource,
    config: AuthConfig,
  ) {
    const windowSeconds = config.LOGIN_FAILURE_WINDOW_SECONDS;
    this.accountPolicy = { maxFailures: config.LOGIN_MAX_FAILURES_PER_ACCOUNT, windowSeconds };
    this.ipPolicy = { maxFailures: config.LOGIN_MAX_FAILURES_PER_IP, windowSeconds };
    const slowdown = (afterFailures: number): SlowdownPolicy => ({
      afterFailures,
      baseMs: config.LOGIN_SLOWDOWN_BASE_MS,
      // Never so long that the caller's request times out (RPC_TIMEOUT_MS) while held back.
      maxMs: Math.min(config.LOGIN_SLOWDOWN_MAX_MS, Math.floor(config.RPC_TIMEOUT_MS / 2)),
    });
    this.accountSlowdown = slowdown(config.LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ACCOUNT);
    this.ipSlowdown = slowdown(config.LOGIN_SLOWDOWN_AFTER_FAILURES_PER_IP);
  }

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  /**
   * Throws RATE_LIMITED (with `retryAfterSeconds`) while the account or the IP is locked out; otherwise
   * waits as long as `admission` says (slowed), holding no database connection meanwhile.
   */
  async assertAllowed(email: string, ip: string | undefined, now = new Date()): Promise<void> {
    const delayMs = await this.admission(email, ip, now);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }

  /**
   * How long to hold this attempt back (ms; 0: not at all), from the failures already in the window for
   * the account and the IP, whichever is slower; throws RATE_LIMITED while either is locked out.
   */
  private async admission(email: string, ip: string | undefined, now = new Date()): Promise<number> {
    const { byAccount, byIp } = await this.failures(email, ip ?? null, now);
    const retryAfter = Math.max(
      lockoutRetryAfter(byAccount, this.accountPolicy, now) ?? 0,
      retryAfterFromPivot(byIp.pivot, this.ipPolicy, now) ?? 0,
    );
    if (retryAfter > 0) {
      const error = new AppError('RATE_LIMITED', 'Too many failed attempts; try again later');
      error.retryAfterSeconds = retryAfter;
      throw error;
    }
    return Math.max(
      slowdownMs(byAccount.length, this.accountSlowdown),
      slowdownMs(byIp.count, this.ipSlowdown),
    );
  }

  /**
   * The account's failures in its window since its last success (newest first, at most its limit) and
   * the IP's, in one round trip: every login attempt runs it. For the IP only the maxFailures-th newest
   * failure in the window decides the lock (see retryAfterFromPivot), so only that row is fetched: with a
   * high per-IP limit (LOGIN_MAX_FAILURES_PER_IP goes to 100,000) returning every failure cost each login
   * from a busy address thousands of rows. The slowdown needs a count, but only up to where its delay
   * stops growing, so that count is capped too. No IP: no failures.
   */
  private async failures(
    email: string,
    ip: string | null,
    now: Date,
  ): Promise<{ byAccount: Date[]; byIp: { pivot: Date | null; count: number } }> {
    const [row] = await preparedQuery<{ account: Date[]; pivot: Date | null; count: string | number }>(
      this.dataSource,
      'auth.login-failures',
      `SELECT
         ARRAY(${ACCOUNT_FAILURES}) AS account,
         (SELECT created_at FROM login_attempts
           WHERE ip = $4 AND NOT succeeded AND created_at > $5
           ORDER BY created_at DESC
           OFFSET $6 LIMIT 1) AS pivot,
         (SELECT count(*) FROM (
            SELECT 1 FROM login_attempts
             WHERE ip = $4 AND NOT succeeded AND created_at > $5
             LIMIT $7) capped) AS count`,
      [
        email,
        windowStart(this.accountPolicy, now),
        this.accountPolicy.maxFailures,
        ip,
        windowStart(this.ipPolicy, now),
        this.ipPolicy.maxFailures - 1,
        this.ipSlowdown.afterFailures + SLOWDOWN_COUNT_HEADROOM,
      ],
    );
    return { byAccount: row.account, byIp: { pivot: row.pivot, count: Number(row.count) } };
  }

  /**
   * When the account's lock lifts, if its failures inside the window have reached the limit now. A failure
   * about to be recorded (in the caller's transaction) counts as the newest one.
   */
  async accountLockedUntil(email: string, now = new Date(), pendingFailure = false): Promise<Date | null> {
    const failures = await this.accountFailures(email, now);
    if (pendingFailure) failures.unshift(now);
    const retryAfter = lockoutRetryAfter(failures, this.accountPolicy, now);
    return retryAfter === null ? null : new Date(now.getTime() + retryAfter * 1000);
  }

  async record(
    attempt: { email: string; ip: string | undefined; succeeded: boolean; kind?: LoginAttemptKind },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    // Prepared, like the window queries: every failed login attempt runs it.
    await preparedQuery(
      manager,
      'auth.login-attempt-add',
      `INSERT INTO login_attempts (email, ip, kind, succeeded, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [attempt.email, attempt.ip ?? null, attempt.kind ?? 'login', attempt.succeeded, new Date()],
    );
  }

  private async accountFailures(email: string, now: Date): Promise<Date[]> {
    const rows = await preparedQuery<{ created_at: Date }>(
      this.dataSource,
      'auth.account-failures',
      ACCOUNT_FAILURES,
      [email, windowStart(this.accountPolicy, now), this.accountPolicy.maxFailures],
    );
    return rows.map((r) => r.created_at);
  }

  /** Attempts older than the window can never count again. */
  private async prune(): Promise<void> {
    try {
      await this.dataSource.query(`DELETE FROM login_attempts WHERE created_at < $1`, [
        windowStart(this.accountPolicy, new Date()),
      ]);
    } catch (error) {
      this.logger.warn(`Pruning login attempts failed: ${(error as Error).message}`);
    }
  }
}
