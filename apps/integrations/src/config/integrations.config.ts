import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServiceConfig } from '@roster/config';
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

  /** OAuth-based integrations: authorization endpoints and client ids (activation returns a URL to them). */
  @IsString() OAUTH_MICROSOFT365_AUTHORIZE_URL =
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize';
  @IsString() OAUTH_MICROSOFT365_CLIENT_ID = 'roster-dev';
  @IsString() OAUTH_GOOGLE_AUTHORIZE_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
  @IsString() OAUTH_GOOGLE_CLIENT_ID = 'roster-dev';
  @IsString() OAUTH_SLACK_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
  @IsString() OAUTH_SLACK_CLIENT_ID = 'roster-dev';
}
