import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** class-transformer `@Transform` for boolean settings: `true`, `"true"` and `"1"` are true. */
export const toBoolean = ({ value }: { value: unknown }) =>
  value === true || value === 'true' || value === '1';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** Settings every process shares: where NATS is and how long a shutdown may take. */
export class NatsConfig {
  @Matches(/^(nats|tls):\/\/[^,\s]+(,(nats|tls):\/\/[^,\s]+)*$/, {
    message: 'must be nats:// URLs separated by commas',
  })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** Namespaces subjects and streams so several test runs (or environments) share one NATS server. */
  @IsOptional()
  @Matches(/^[a-z0-9_-]*$/i, { message: 'may hold only letters, digits, _ and -' })
  NATS_PREFIX = '';

  /** Replicas of each JetStream stream (3 on a production cluster). */
  @Type(() => Number) @IsInt() @Min(1) @Max(5) JETSTREAM_REPLICAS = 1;

  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) RPC_TIMEOUT_MS = 5000;

  @Type(() => Number) @IsInt() @Min(0) @Max(120_000) SHUTDOWN_GRACE_MS = 10_000;

  @IsIn(LOG_LEVELS) LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** `true` for human-readable log lines, `false` for JSON, `auto`: pretty on a terminal outside production. */
  @IsIn(['true', 'false', 'auto']) LOG_PRETTY: 'true' | 'false' | 'auto' = 'auto';
}

/** A bounded-context service: NATS plus its own database and a small HTTP port for probes. */
export class ServiceConfig extends NatsConfig {
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL of this context’s database' })
  DATABASE_URL!: string;

  /** Create the database at start when it is missing (local runs and compose; off where the DBA owns it). */
  @Transform(toBoolean) @IsBoolean() DATABASE_CREATE = false;

  @Type(() => Number) @IsInt() @Min(1) @Max(200) DATABASE_POOL_MAX = 10;

  @Type(() => Number) @IsInt() @Min(0) @Max(65535) HTTP_PORT = 0;
}
