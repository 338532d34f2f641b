import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@roster/config';
import { IsKeyRing } from '@roster/security';

const toBoolean = ({ value }: { value: unknown }) => value === true || value === 'true' || value === '1';

export class IntegrationsConfig extends ServiceConfig {
  override HTTP_PORT = 3004;

  /**
   * Keys for credentials at rest: `keyId:base64(32 bytes)`, comma separated; the first encrypts, all decrypt.
   * Rotation: docs/operations.md.
   */
  @IsString() @IsKeyRing() INTEGRATIONS_ENCRYPTION_KEYS!: string;

  // --- Webhooks and e-mail (docs/integrations.md) ---

  /** Let webhook URLs reach loopback and private ranges (development, tests). Link-local/metadata stays refused. */
  @Transform(toBoolean) @IsBoolean() WEBHOOKS_ALLOW_PRIVATE_NETWORKS = false;
  /** Seconds to wait before each retry; the attempts after the first. Default ≈ 26 hours in all. */
  @Matches(/^\d+(,\d+)*$/) WEBHOOKS_RETRY_SCHEDULE_SECONDS = '5,300,1800,7200,18000,36000,36000';
  /** Consecutive failed attempts after which an endpoint is switched off. */
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) WEBHOOKS_DISABLE_AFTER_FAILURES = 50;
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) WEBHOOKS_TIMEOUT_MS = 10_000;
  /** Deliveries in flight at once, across endpoints (each endpoint has at most one). */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) WEBHOOKS_CONCURRENCY = 32;
  @Type(() => Number) @IsInt() @Min(50) @Max(60_000) WORKER_POLL_MS = 500;
  /** Days the event log (for replays) and finished deliveries are kept. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650) WEBHOOKS_RETENTION_DAYS = 30;

  /** `smtp://user:pass@host:port` (or smtps://). Unset: mails are logged as "would send", never sent. */
  @IsOptional() @IsString() SMTP_URL?: string;
  @IsString() MAIL_FROM = 'Roster <no-reply@roster.local>';
  /** Base of the links in mails (`${PUBLIC_APP_URL}/invitations/accept?token=…`). */
  @IsString() PUBLIC_APP_URL = 'http://localhost:3000';
  @Type(() => Number) @IsInt() @Min(1) @Max(100) EMAIL_MAX_ATTEMPTS = 8;
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) EMAIL_TIMEOUT_MS = 10_000;
  /** First retry delay of a mail; doubles per attempt, capped at an hour. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3600) EMAIL_RETRY_BASE_SECONDS = 10;
}
