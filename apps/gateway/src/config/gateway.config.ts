import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min, MinLength } from 'class-validator';
import { NatsConfig } from '@roster/config';

/** The longest API_TOKEN_CACHE_SECONDS may be; RevokedSessions remembers API-token revocations longer. */
export const API_TOKEN_CACHE_MAX_SECONDS = 300;

export class GatewayConfig extends NatsConfig {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 3000;

  /** Must equal auth's JWT_ISSUER. */
  @IsString() @MinLength(1) JWT_ISSUER = 'http://localhost:3000';

  /** Must equal auth's JWT_AUDIENCE. */
  @IsString() @MinLength(1) JWT_AUDIENCE = 'roster-api';

  /** Prometheus metrics are served here, never on the public port (0: a free port, as in tests). */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) METRICS_PORT = 9464;

  /**
   * Which proxies may set X-Forwarded-For (the client IP used for rate limits and logs): `false` (none,
   * the default), a hop count, or addresses/CIDRs/`loopback`/`uniquelocal`, comma separated. Trusting
   * everyone would let any client pick its IP and dodge per-IP limits.
   */
  @Matches(/^(false|\d{1,2}|[A-Za-z0-9.:/,\s]+)$/, {
    message: 'must be false, a hop count, or addresses/CIDRs',
  })
  TRUST_PROXY = 'false';

  /** Requests per minute per authenticated user (or API token) across the API; 0 turns the limit off. */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_PER_MINUTE = 1200;

  /** Requests per minute per client IP for anonymous calls (sign-up, login, resets); 0 turns it off. */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) RATE_LIMIT_ANONYMOUS_PER_MINUTE = 300;

  /**
   * How long a verified personal API token is remembered (never past its expiry), so its next requests
   * need no call to auth; deactivation, deletion and the owner being disabled still reach every replica
   * within a second through auth's events. 0: ask auth on every request.
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(API_TOKEN_CACHE_MAX_SECONDS) API_TOKEN_CACHE_SECONDS = 60;

  /**
   * Benchmarks only (B2 in bench/README.md): a user id every request acts as, with no credential
   * checked at all. Refused when NODE_ENV is production unless ROSTER_BENCH=1; never set it elsewhere.
   */
  @IsOptional() @IsUUID() INSECURE_BENCH_ACTOR_ID?: string;

  /** Largest request body accepted, in bytes (413 above it). */
  @Type(() => Number) @IsInt() @Min(1024) @Max(50 * 1024 * 1024) BODY_LIMIT_BYTES = 1024 * 1024;
}
