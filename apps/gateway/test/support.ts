import { randomBytes } from 'node:crypto';
import { ApiClient, eventually } from '@roster/testing';
import { E2E_AUDIENCE, E2E_ISSUER } from './global-setup';

export const api = () => new ApiClient(process.env.E2E_GATEWAY_URL!);
export const issuer = E2E_ISSUER;
export const audience = E2E_AUDIENCE;
export const signingKey = () => process.env.E2E_SIGNING_KEY!;

export const PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}

export interface SignedUpUser {
  email: string;
  userId: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

/**
 * Waits until directory has the user's profile: it comes from auth's `user.registered` event, so a
 * request made right after signing up can still miss it (GET /me is 404 until then).
 */
export async function profileReady(user: SignedUpUser): Promise<void> {
  await eventually(async () =>
    (await api().get('/api/v1/me', user.accessToken)).status === 200 ? true : null,
  );
}

/** Signs up and logs in a fresh user through the API. */
export async function newUser(label = 'user'): Promise<SignedUpUser> {
  const client = api();
  const email = uniqueEmail(label);
  const signup = await client.post('/api/v1/auth/signup', { email, password: PASSWORD });
  if (signup.status !== 201)
    throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const login = await client.post('/api/v1/auth/login', { email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    email,
    userId: signup.body.userId,
    accessToken: login.body.accessToken,
    refreshToken: login.body.refreshToken,
    sessionId: login.body.sessionId,
  };
}

/** Asserts an RFC 9457 problem response and returns its body. */
export function expectProblem(
  res: { status: number; contentType: string; body: any },
  status: number,
  code?: string,
) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  expect(res.contentType).toContain('application/problem+json');
  expect(res.body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:roster:problem:/),
    title: expect.any(String),
  });
  if (code) expect(res.body.code).toBe(code);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(js|ts):\d+/); // no stack traces
  return res.body;
}

export interface PlatformDescription {
  runId: string;
  logDir: string;
  gatewayUrl: string;
  ports: Record<string, number>;
  /** Where integrations sends mail in e2e (the e-mail tests run the SMTP server). */
  smtpPort?: number;
  oauthPort?: number;
  /** The Twilio stand-in global setup runs (twilio-standin.ts): integrations sends SMS there. */
  twilioPort?: number;
  env: Record<string, Record<string, string>>;
}

/** What global-setup started: ports, log directory and each app's environment. */
export function platform(): PlatformDescription {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  return JSON.parse(readFileSync(`${process.env.E2E_LOG_DIR}/platform.json`, 'utf8'));
}
