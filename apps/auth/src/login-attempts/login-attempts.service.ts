import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '@roster/contracts';
import { AuthConfig } from '../config/auth.config';
import { LoginAttemptEntity, LoginAttemptKind } from './login-attempt.entity';
import { LockoutPolicy, lockoutRetryAfter, retryAfterFromPivot, windowStart } from './lockout';

const PRUNE_INTERVAL_MS = 5 * 60_000;

/**
 * Brute-force protection in auth's database, so every replica sees the same counts. Failures are
 * counted per account (e-mail; the count restarts after a success) and per client IP (it does not:
 * one good password must not hide a credential-stuffing run). Past the limit an attempt is refused with
 * 429 and `Retry-After` before any password is checked, and the refused attempt is not counted, so
 * an attacker cannot keep the owner locked out beyond the window.
 */
@Injectable()
export class LoginAttemptsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LoginAttemptsService.name);
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AuthConfig,
  ) {}

  private get accountPolicy(): LockoutPolicy {
    return {
      maxFailures: this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      windowSeconds: this.config.LOGIN_FAILURE_WINDOW_SECONDS,
    };
  }

  private get ipPolicy(): LockoutPolicy {
    return {
      maxFailures: this.config.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: this.config.LOGIN_FAILURE_WINDOW_SECONDS,
    };
  }

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  /** Throws RATE_LIMITED (with `retryAfterSeconds`) while the account or the IP is locked out. */
  async assertAllowed(email: string, ip: string | undefined, now = new Date()): Promise<void> {
    const [byAccount, byIp] = await Promise.all([
      this.accountFailures(email, now),
      ip ? this.ipPivot(ip, now) : Promise.resolve(null),
    ]);
    const retryAfter = Math.max(
      lockoutRetryAfter(byAccount, this.accountPolicy, now) ?? 0,
      retryAfterFromPivot(byIp, this.ipPolicy, now) ?? 0,
    );
    if (retryAfter > 0) {
      const error = new AppError('RATE_LIMITED', 'Too many failed attempts; try again later');
      error.retryAfterSeconds = retryAfter;
      throw error;
    }
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
    await manager.insert(LoginAttemptEntity, {
      email: attempt.email,
      ip: attempt.ip ?? null,
      kind: attempt.kind ?? 'login',
      succeeded: attempt.succeeded,
      createdAt: new Date(),
    });
  }

  private async accountFailures(email: string, now: Date): Promise<Date[]> {
    const since = windowStart(this.accountPolicy, now);
    const rows: Array<{ created_at: Date }> = await this.dataSource.query(
      `SELECT created_at FROM login_attempts
        WHERE email = $1 AND NOT succeeded AND created_at > $2
          AND created_at > COALESCE(
                (SELECT max(created_at) FROM login_attempts WHERE email = $1 AND succeeded AND created_at > $2),
                $2)
        ORDER BY created_at DESC
        LIMIT $3`,
      [email, since, this.accountPolicy.maxFailures],
    );
    return rows.map((r) => r.created_at);
  }

  /**
   * Only the maxFailures-th newest failure in the window decides (see retryAfterFromPivot), so only that
   * row is fetched: with a high per-IP limit (LOGIN_MAX_FAILURES_PER_IP goes to 100,000) returning every
   * failure cost each login from a busy address thousands of rows.
   */
  private async ipPivot(ip: string, now: Date): Promise<Date | null> {
    const rows: Array<{ created_at: Date }> = await this.dataSource.query(
      `SELECT created_at FROM login_attempts
        WHERE ip = $1 AND NOT succeeded AND created_at > $2
        ORDER BY created_at DESC
        OFFSET $3 LIMIT 1`,
      [ip, windowStart(this.ipPolicy, now), this.ipPolicy.maxFailures - 1],
    );
    return rows[0]?.created_at ?? null;
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
