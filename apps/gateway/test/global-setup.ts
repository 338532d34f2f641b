import { applyTestEnvDefaults, newSigningKeyPem, startTestPlatform } from '@roster/testing';

export const E2E_ISSUER = 'https://roster.test';
export const E2E_AUDIENCE = 'roster-e2e';

/** Boots the platform once for the suite, with a signing key the tests also hold (to mint edge-case tokens). */
export default async function globalSetup(): Promise<void> {
  applyTestEnvDefaults(); // globalSetup runs before Jest's setupFiles
  const signingKey = newSigningKeyPem();
  const platform = await startTestPlatform({
    env: { JWT_ISSUER: E2E_ISSUER, JWT_AUDIENCE: E2E_AUDIENCE },
    appEnv: { auth: { JWT_PRIVATE_KEY: signingKey } },
  });
  process.env.E2E_GATEWAY_URL = platform.gatewayUrl;
  process.env.E2E_SIGNING_KEY = signingKey;
  process.env.E2E_DIRECTORY_DATABASE_URL = platform.databaseUrlOf('directory');
  process.env.E2E_LOG_DIR = platform.logDir;
  (globalThis as Record<string, unknown>).__ROSTER_PLATFORM__ = platform;
}
