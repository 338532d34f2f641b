import { readFileSync } from 'node:fs';
import { api, platform } from './support';

/** Probes for the orchestrator, not part of the API: deliberately left out of the OpenAPI document. */
const UNDOCUMENTED = new Set(['GET /health/live', 'GET /health/ready']);

/**
 * Every route the suite's gateway registered, as `METHOD /path/{param}`: Nest logs each one it maps
 * ("Mapped {/api/v1/x/:id, GET} route") when the gateway starts, into the run's gateway.log.
 */
function registeredRoutes(): string[] {
  const log = readFileSync(`${platform().logDir}/gateway.log`, 'utf8');
  const routes = new Set<string>();
  for (const [, path, method] of log.matchAll(/Mapped \{([^,}]+), ([A-Z]+)\} route/g)) {
    routes.add(`${method} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  }
  return [...routes].sort();
}

describe('the OpenAPI document', () => {
  const client = api();

  it('documents every route the gateway registers, with its method', async () => {
    const spec = await client.get('/api/v1/openapi.json');
    expect(spec.status).toBe(200);
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(spec.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const registered = registeredRoutes();
    expect(registered.length).toBeGreaterThan(250);
    const missing = registered.filter((route) => !documented.has(route) && !UNDOCUMENTED.has(route));
    expect(missing).toEqual([]);
    // Nothing documented that the gateway does not serve.
    const served = new Set(registered);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
  });

  it('includes the auth, 2FA, sessions, OAuth2, .well-known, impersonation, account-log and admin routes', async () => {
    const spec = await client.get('/api/v1/openapi.json');
    const paths = spec.body.paths as Record<string, Record<string, unknown>>;
    const expected: Array<[string, string]> = [
      ['post', '/api/v1/auth/signup'],
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/auth/refresh'],
      ['post', '/api/v1/auth/logout'],
      ['get', '/api/v1/auth/check'],
      ['get', '/api/v1/auth/sso'],
      ['post', '/api/v1/auth/password/forgot'],
      ['post', '/api/v1/auth/password/reset'],
      ['post', '/api/v1/auth/password-strength'],
      ['put', '/api/v1/me/password'],
      ['get', '/api/v1/me/2fa'],
      ['post', '/api/v1/me/2fa/totp'],
      ['post', '/api/v1/me/2fa/totp/confirm'],
      ['post', '/api/v1/me/2fa/recovery-codes'],
      ['delete', '/api/v1/me/2fa/totp'],
      ['get', '/api/v1/me/sessions'],
      ['delete', '/api/v1/me/sessions/{sessionId}'],
      ['get', '/api/v1/me/tokens'],
      ['post', '/api/v1/me/tokens'],
      ['get', '/api/v1/me/log'],
      ['get', '/api/v1/me/authorized-apps'],
      ['delete', '/api/v1/me/authorized-apps/{clientId}'],
      ['get', '/api/v1/oauth2/authorize'],
      ['post', '/api/v1/oauth2/token'],
      ['get', '/api/v1/companies/{companyId}/oauth-apps'],
      ['post', '/api/v1/companies/{companyId}/oauth-apps/{clientId}/reset-secret'],
      ['get', '/.well-known/openid-configuration'],
      ['get', '/.well-known/jwks.json'],
      ['post', '/api/v1/companies/{companyId}/members/{userId}/impersonate'],
      ['post', '/api/v1/auth/impersonation/end'],
      ['post', '/api/v1/admin/users/{userId}/disable'],
      ['post', '/api/v1/admin/users/{userId}/enable'],
    ];
    const missing = expected.filter(([method, path]) => !paths[path]?.[method]);
    expect(missing).toEqual([]);
  });
});
