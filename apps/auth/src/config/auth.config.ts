import { availableParallelism } from 'node:os';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ServiceConfig } from '@roster/config';
import { IsKeyRing } from '@roster/security';
import { ACCESS_TOKEN_MAX_TTL_SECONDS } from '@roster/contracts';

export class AuthConfig extends ServiceConfig {
  override HTTP_PORT = 3001;

  /** `iss` of every token; the gateway checks the same value. */
  @IsString() @MinLength(1) JWT_ISSUER = 'http://localhost:3000';

  /** `aud` of access tokens; the gateway checks the same value. */
  @IsString() @MinLength(1) JWT_AUDIENCE = 'roster-api';

  @Type(() => Number) @IsInt() @Min(30) @Max(ACCESS_TOKEN_MAX_TTL_SECONDS) ACCESS_TOKEN_TTL_SECONDS = 900;

  @Type(() => Number) @IsInt() @Min(300) @Max(90 * 24 * 3600) REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

  /**
   * PKCS#8 PEM of the EC P-256 signing key. When absent, auth generates one on first start and keeps it
   * in its database (fine for local runs; production passes it from a Secret).
   */
  @IsOptional() @IsString() JWT_PRIVATE_KEY?: string;

  /**
   * Public keys (PEM, concatenated) of signing keys retired by a rotation: still published in the JWKS so
   * tokens they signed verify until they expire (at most ACCESS_TOKEN_TTL_SECONDS). See docs/operations.md.
   */
  @IsOptional() @IsString() JWT_RETIRED_PUBLIC_KEYS?: string;

  /** argon2id cost: OWASP's 19 MiB, t=2, p=1 by default. */
  @Type(() => Number) @IsInt() @Min(8192) @Max(1_048_576) ARGON2_MEMORY_KIB = 19_456;
  @Type(() => Number) @IsInt() @Min(1) @Max(10) ARGON2_TIME_COST = 2;
  /**
   * Hashes computed at once; the rest queue. One per core by default: more only contend for the cores and
   * their caches (bench B3). Set it to the CPUs the container may use when that is fewer than the host's.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(256) ARGON2_CONCURRENCY = availableParallelism();

  /** Brute-force protection: failed logins counted per account (e-mail) and per client IP in a sliding window. */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) LOGIN_MAX_FAILURES_PER_IP = 20;
  @Type(() => Number) @IsInt() @Min(1) @Max(24 * 3600) LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

  /**
   * Brute-force slowdown, before the lock: once an account (or a client IP) has this many failures in the
   * window, each further attempt is held back before its password is checked: LOGIN_SLOWDOWN_BASE_MS,
   * doubling with each further failure, at most LOGIN_SLOWDOWN_MAX_MS (kept well below RPC_TIMEOUT_MS).
   * The wait holds no database connection; a base of 0 turns it off.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(1000) LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ACCOUNT = 2;
  @Type(() => Number) @IsInt() @Min(0) @Max(100_000) LOGIN_SLOWDOWN_AFTER_FAILURES_PER_IP = 10;
  @Type(() => Number) @IsInt() @Min(0) @Max(2000) LOGIN_SLOWDOWN_BASE_MS = 250;
  @Type(() => Number) @IsInt() @Min(0) @Max(3000) LOGIN_SLOWDOWN_MAX_MS = 2000;

  /** Lifetime of a password-reset link. */
  @Type(() => Number) @IsInt() @Min(60) @Max(24 * 3600) PASSWORD_RESET_TTL_SECONDS = 30 * 60;

  /**
   * At most this many reset e-mails per account within the window; further requests still answer 202
   * (nothing reveals the account) but send nothing, so nobody can flood a mailbox through us.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) PASSWORD_RESET_MAX_PER_ACCOUNT = 3;
  @Type(() => Number) @IsInt() @Min(60) @Max(7 * 24 * 3600) PASSWORD_RESET_WINDOW_SECONDS = 3600;

  /** TOTP codes accepted this many 30-second steps before and after now (clock drift). */
  @Type(() => Number) @IsInt() @Min(0) @Max(4) TOTP_WINDOW_STEPS = 1;

  /**
   * Keys for secrets at rest (TOTP seeds): `keyId:base64(32 bytes)`, comma separated; the first encrypts,
   * all decrypt. `npm start` makes a development ring in .data/; production passes it from a Secret.
   */
  @IsString() @IsKeyRing() AUTH_ENCRYPTION_KEYS!: string;

  /** Platform operators (disable and enable accounts): user ids, comma separated. Same list as billing's. */
  @IsString() PLATFORM_OPERATORS = '';

  get operatorIds(): Set<string> {
    return new Set(
      this.PLATFORM_OPERATORS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
}
