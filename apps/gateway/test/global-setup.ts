import { mkdirSync, writeFileSync } from 'node:fs';
import { startDnsStub } from './dns-stub';
import { E2E_TWILIO, startTwilioStandin } from './twilio-standin';
import {
  applyTestEnvDefaults,
  freePortForTests,
  newRunId,
  newSigningKeyPem,
  startOtlpCollector,
  startTestPlatform,
} from '@roster/testing';

export const E2E_ISSUER = 'https://roster.test';
export const E2E_AUDIENCE = 'roster-e2e';
/** auth's LOGIN_FAILURE_WINDOW_SECONDS in this run; the per-account (5) and per-IP (20) limits keep their defaults. */
export const E2E_LOGIN_WINDOW_SECONDS = 4;
/**
 * auth's brute-force slowdown in this run: from an account's 3rd attempt (after 2 failures), 100 ms doubling
 * up to 400 ms, small so the suite stays fast (the defaults are 250 ms up to 2 s).
 */
export const E2E_LOGIN_SLOWDOWN = { afterFailures: 2, baseMs: 100, maxMs: 400 };
/** billing's platform operator in this run (tests mint its tokens with the signing key). */
export const E2E_BILLING_OPERATOR_ID = '00000000-0000-4000-8000-00000000b111';
/** directory's platform operator in this run (may purge deleted companies). */
export const E2E_PLATFORM_OPERATOR_ID = '00000000-0000-4000-8000-00000000d111';

/**
 * integrations in e2e: webhook receivers on loopback, quick retries and disabling, mail to the tests' SMTP
 * server, OAuth token exchanges to the stand-in token endpoint that integrations-oauth.e2e-spec starts, SMS
 * to the Twilio stand-in that global setup runs (twilio-standin.ts).
 */
export const E2E_INTEGRATIONS_ENV = (
  smtpPort: number,
  oauthPort?: number,
  twilioPort?: number,
): Record<string, string> => ({
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOKS_RETRY_SCHEDULE_SECONDS: '1,1,1,1,1',
  WEBHOOKS_DISABLE_AFTER_FAILURES: '4',
  WEBHOOKS_TIMEOUT_MS: '8000',
  WORKER_POLL_MS: '200',
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  MAIL_FROM: 'Roster <no-reply@roster.test>',
  PUBLIC_APP_URL: 'https://app.roster.test',
  EMAIL_TIMEOUT_MS: '3000',
  EMAIL_RETRY_BASE_SECONDS: '1',
  ...(twilioPort
    ? {
        SMS_TWILIO_BASE_URL: `http://127.0.0.1:${twilioPort}`,
        SMS_TWILIO_ACCOUNT_SID: E2E_TWILIO.accountSid,
        SMS_TWILIO_AUTH_TOKEN: E2E_TWILIO.authToken,
        SMS_FROM: E2E_TWILIO.from,
        SMS_TIMEOUT_MS: '3000',
        SMS_RETRY_BASE_SECONDS: '1',
        SMS_MAX_ATTEMPTS: '4',
      }
    : {}),
  ...(oauthPort
    ? {
        OAUTH_MICROSOFT365_TOKEN_URL: `http://127.0.0.1:${oauthPort}/microsoft365/token`,
        OAUTH_MICROSOFT365_CLIENT_SECRET: 'ms-client-secret',
        OAUTH_GOOGLE_TOKEN_URL: `http://127.0.0.1:${oauthPort}/google/token`,
        OAUTH_SLACK_TOKEN_URL: `http://127.0.0.1:${oauthPort}/slack/token`,
        OAUTH_TIMEOUT_MS: '1500',
      }
    : {}),
});

/**
 * Boots the platform once for the suite: a signing key the tests also hold (to mint edge-case tokens), and
 * a stand-in OTLP collector so traces can be checked. Tests find everything in `<logDir>/platform.json`.
 */
export default async function globalSetup(): Promise<void> {
  applyTestEnvDefaults(); // globalSetup runs before Jest's setupFiles
  const runId = newRunId('e');
  const logDir = `${process.cwd()}/tmp/logs/${runId}`;
  mkdirSync(logDir, { recursive: true });
  const collector = await startOtlpCollector(`${logDir}/traces.jsonl`);
  const signingKey = newSigningKeyPem();
  // billing talks to a Stripe stand-in that billing.e2e-spec starts on this port.
  const stripePort = await freePortForTests();
  // Domain verification asks this stub (records from <logDir>/dns-txt.json, see dns-stub.ts).
  const dnsPort = await freePortForTests();
  process.env.E2E_DNS_RECORDS = `${logDir}/dns-txt.json`;
  const dnsStub = await startDnsStub(dnsPort, process.env.E2E_DNS_RECORDS);
  // integrations mails to an SMTP server that the e-mail tests start on this port (apps/gateway/test/email.e2e-spec.ts).
  const smtpPort = await freePortForTests();
  // ... and exchanges OAuth codes at a token endpoint that integrations-oauth.e2e-spec.ts starts on this port.
  const oauthPort = await freePortForTests();
  // ... and sends SMS to a Twilio stand-in that runs here for every spec (records messages, scripted failures).
  const twilioPort = await freePortForTests();
  const twilio = await startTwilioStandin(twilioPort);
  const platform = await startTestPlatform({
    runId,
    env: {
      JWT_ISSUER: E2E_ISSUER,
      JWT_AUDIENCE: E2E_AUDIENCE,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      // The tests act as the proxy in front of the gateway, so they may set the client IP.
      TRUST_PROXY: 'loopback',
      // Far above what the suite sends; rate-limit.e2e-spec.ts checks the limits on its own replica.
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
    },
    appEnv: {
      // A tiny brute-force window, so a test can wait for a lockout to lift (the default is 15 minutes).
      auth: {
        JWT_PRIVATE_KEY: signingKey,
        LOGIN_FAILURE_WINDOW_SECONDS: String(E2E_LOGIN_WINDOW_SECONDS),
        LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ACCOUNT: String(E2E_LOGIN_SLOWDOWN.afterFailures),
        LOGIN_SLOWDOWN_BASE_MS: String(E2E_LOGIN_SLOWDOWN.baseMs),
        LOGIN_SLOWDOWN_MAX_MS: String(E2E_LOGIN_SLOWDOWN.maxMs),
        PLATFORM_OPERATORS: E2E_BILLING_OPERATOR_ID, // the same operator disables accounts (user-admin.e2e-spec.ts)
      },
      billing: {
        PLATFORM_OPERATORS: E2E_BILLING_OPERATOR_ID,
        STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
        BILLING_CYCLE_INTERVAL_MS: '0', // the tests run the cycle themselves (POST /billing/cycle/run)
        BILLING_TEST_CLOCKS: 'true',
        DUNNING_RETRY_SECONDS: '1,1',
      },
      directory: {
        DNS_SERVERS: `127.0.0.1:${dnsPort}`,
        DNS_TIMEOUT_MS: '1000',
        // The tests purge deleted companies themselves (POST /admin/companies/purge, as an operator).
        COMPANY_PURGE_INTERVAL_MS: '0',
        PLATFORM_OPERATORS: E2E_PLATFORM_OPERATOR_ID,
      },
      integrations: E2E_INTEGRATIONS_ENV(smtpPort, oauthPort, twilioPort),
    },
  });
  const description = {
    runId,
    logDir: platform.logDir,
    gatewayUrl: platform.gatewayUrl,
    ports: platform.ports,
    smtpPort,
    oauthPort,
    twilioPort,
    env: Object.fromEntries(platform.apps.map(({ name }) => [name, platform.envOf(name)])),
  };
  writeFileSync(`${platform.logDir}/platform.json`, JSON.stringify(description, null, 2));
  process.env.E2E_GATEWAY_URL = platform.gatewayUrl;
  process.env.E2E_SIGNING_KEY = signingKey;
  process.env.E2E_DIRECTORY_DATABASE_URL = platform.databaseUrlOf('directory');
  process.env.E2E_AUTH_DATABASE_URL = platform.databaseUrlOf('auth');
  process.env.E2E_LOG_DIR = platform.logDir;
  const state = globalThis as Record<string, unknown>;
  state.__ROSTER_PLATFORM__ = platform;
  state.__ROSTER_COLLECTOR__ = collector.server;
  state.__ROSTER_DNS_STUB__ = dnsStub;
  state.__ROSTER_TWILIO__ = twilio;
}
