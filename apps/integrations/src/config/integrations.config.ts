import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { ServiceConfig, toBoolean } from '@roster/config';
import { IsKeyRing } from '@roster/security';

export class IntegrationsConfig extends ServiceConfig {
  override HTTP_PORT = 3004;

  /**
   * Keys for credentials at rest: `keyId:base64(32 bytes)`, comma separated; the first encrypts, all decrypt.
   * Rotation: docs/operations.md.
   */
  @IsString() @IsKeyRing() INTEGRATIONS_ENCRYPTION_KEYS!: string;

  /** Every call to a PSA is aborted after this long (interactive look-ups and background jobs alike). */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) PSA_TIMEOUT_MS = 4000;
  /** Background PSA jobs (billing sync, tickets): first retry after this, doubling up to PSA_RETRY_MAX_MS. */
  @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000) PSA_RETRY_BASE_MS = 2000;
  @Type(() => Number) @IsInt() @Min(100) @Max(86_400_000) PSA_RETRY_MAX_MS = 900_000;
  /** After this many failed attempts a job is given up (status failed; the error stays listed). */
  @Type(() => Number) @IsInt() @Min(1) @Max(50) PSA_RETRY_MAX_ATTEMPTS = 10;
  /** How often the PSA job worker looks for due jobs when nothing woke it. */
  @Type(() => Number) @IsInt() @Min(50) @Max(60_000) PSA_WORKER_POLL_MS = 500;
  /** Jobs in flight at once (one per integration at most, so a slow PSA holds only its own slot). */
  @Type(() => Number) @IsInt() @Min(1) @Max(100) PSA_WORKER_CONCURRENCY = 8;

  /** ConnectWise `clientId` header (developer id) when an integration does not set its own. */
  @IsString() CONNECTWISE_CLIENT_ID = 'roster-connectwise';
  /** Autotask `ApiIntegrationcode` header (API tracking identifier) when an integration does not set its own. */
  @IsString() AUTOTASK_INTEGRATION_CODE = 'ROSTER';

  /**
   * OAuth-based integrations: authorization endpoints (activation returns a URL to them), token endpoints
   * (the callback exchanges the code there), client ids and secrets.
   */
  @IsString() OAUTH_MICROSOFT365_AUTHORIZE_URL =
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize';
  @IsString() OAUTH_MICROSOFT365_TOKEN_URL = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
  @IsString() OAUTH_MICROSOFT365_CLIENT_ID = 'roster-dev';
  @IsOptional() @IsString() OAUTH_MICROSOFT365_CLIENT_SECRET?: string;
  @IsString() OAUTH_GOOGLE_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
  @IsString() OAUTH_GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
  @IsString() OAUTH_GOOGLE_CLIENT_ID = 'roster-dev';
  @IsOptional() @IsString() OAUTH_GOOGLE_CLIENT_SECRET?: string;
  @IsString() OAUTH_SLACK_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
  @IsString() OAUTH_SLACK_TOKEN_URL = 'https://slack.com/api/oauth.v2.access';
  @IsString() OAUTH_SLACK_CLIENT_ID = 'roster-dev';
  @IsOptional() @IsString() OAUTH_SLACK_CLIENT_SECRET?: string;
  /** How long an activation's `state` may be brought back to the callback. */
  @Type(() => Number) @IsInt() @Min(30) @Max(86_400) OAUTH_STATE_TTL_SECONDS = 600;
  /** The token exchange is aborted after this long (503). */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) OAUTH_TIMEOUT_MS = 10_000;

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

  // --- SMS (phone verification codes; docs/integrations.md#sms) ---

  /** Twilio Account SID (`AC` + 32 hex). Unset: SMS is off and phone verification codes are recorded as failed. */
  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'SMS_TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits' })
  SMS_TWILIO_ACCOUNT_SID?: string;
  /** Twilio Auth Token (or an API key secret of the account); required with the Account SID. Never logged. */
  @ValidateIf((c: IntegrationsConfig) => !!c.SMS_TWILIO_ACCOUNT_SID)
  @IsString({ message: 'SMS_TWILIO_AUTH_TOKEN is required with SMS_TWILIO_ACCOUNT_SID' })
  @IsNotEmpty({ message: 'SMS_TWILIO_AUTH_TOKEN is required with SMS_TWILIO_ACCOUNT_SID' })
  SMS_TWILIO_AUTH_TOKEN?: string;
  /** Sender: an E.164 number or alphanumeric sender id of the account. This or the Messaging Service SID. */
  @ValidateIf((c: IntegrationsConfig) => !!c.SMS_TWILIO_ACCOUNT_SID && !c.SMS_TWILIO_MESSAGING_SERVICE_SID)
  @IsString({
    message: 'SMS_FROM (or SMS_TWILIO_MESSAGING_SERVICE_SID) is required with SMS_TWILIO_ACCOUNT_SID',
  })
  @Matches(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/, {
    message: 'SMS_FROM must be an E.164 number (+…) or an alphanumeric sender id of at most 11 characters',
  })
  SMS_FROM?: string;
  /** A Twilio Messaging Service (`MG` + 32 hex) that picks the sender; used instead of SMS_FROM when set. */
  @IsOptional() @Matches(/^MG[0-9a-fA-F]{32}$/) SMS_TWILIO_MESSAGING_SERVICE_SID?: string;
  /** Base URL of the Twilio REST API (tests point it at a local stand-in). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }) SMS_TWILIO_BASE_URL =
    'https://api.twilio.com';
  /** Every call to Twilio is aborted after this long (a retryable failure). */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) SMS_TIMEOUT_MS = 10_000;
  /** Attempts of one SMS before it is failed (retryable errors only; a permanent refusal fails at once). */
  @Type(() => Number) @IsInt() @Min(1) @Max(20) SMS_MAX_ATTEMPTS = 6;
  /** First retry delay of an SMS; doubles per attempt, capped at an hour (defaults: 10 s … 160 s, ~5 min in all). */
  @Type(() => Number) @IsInt() @Min(1) @Max(3600) SMS_RETRY_BASE_SECONDS = 10;
}
