import { AppError, OAuthType } from '@roster/contracts';
import { IntegrationsConfig } from '../config/integrations.config';

export interface OAuthProvider {
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scope: string;
}

/** The OAuth apps of the catalogue, from configuration (tests point the token URLs at a stand-in). */
export function oauthProvider(type: OAuthType, c: IntegrationsConfig): OAuthProvider {
  switch (type) {
    case 'microsoft365':
      return {
        name: 'Microsoft 365',
        authorizeUrl: c.OAUTH_MICROSOFT365_AUTHORIZE_URL,
        tokenUrl: c.OAUTH_MICROSOFT365_TOKEN_URL,
        clientId: c.OAUTH_MICROSOFT365_CLIENT_ID,
        clientSecret: c.OAUTH_MICROSOFT365_CLIENT_SECRET,
        scope: 'offline_access User.Read.All Group.Read.All',
      };
    case 'google-workspace':
      return {
        name: 'Google Workspace',
        authorizeUrl: c.OAUTH_GOOGLE_AUTHORIZE_URL,
        tokenUrl: c.OAUTH_GOOGLE_TOKEN_URL,
        clientId: c.OAUTH_GOOGLE_CLIENT_ID,
        clientSecret: c.OAUTH_GOOGLE_CLIENT_SECRET,
        scope: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
      };
    case 'slack':
      return {
        name: 'Slack',
        authorizeUrl: c.OAUTH_SLACK_AUTHORIZE_URL,
        tokenUrl: c.OAUTH_SLACK_TOKEN_URL,
        clientId: c.OAUTH_SLACK_CLIENT_ID,
        clientSecret: c.OAUTH_SLACK_CLIENT_SECRET,
        scope: 'users:read chat:write',
      };
  }
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  scope?: string;
  expiresIn?: number;
}

/**
 * RFC 6749 §4.1.3 authorization-code exchange: a form POST with the client credentials, bounded by
 * `timeoutMs`, no redirects. A refused code (4xx, or Slack's `{ok: false}`) is a 400 naming `code`;
 * a token endpoint that is down, slow or answers 5xx is a 503.
 */
export async function exchangeCode(
  provider: OAuthProvider,
  code: string,
  redirectUri: string,
  timeoutMs: number,
): Promise<TokenSet> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: provider.clientId,
  });
  if (provider.clientSecret) form.set('client_secret', provider.clientSecret);
  let response: Response;
  try {
    response = await fetch(provider.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      timedOut
        ? `${provider.name} did not answer the token exchange within ${timeoutMs} ms`
        : `${provider.name} token endpoint unreachable`,
    );
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.status >= 500 || response.status === 429)
    throw new AppError('SERVICE_UNAVAILABLE', `${provider.name} token endpoint answered ${response.status}`);
  const refused = !response.ok || body?.ok === false || typeof body?.access_token !== 'string';
  if (refused) {
    const reason = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new AppError(
      'VALIDATION_FAILED',
      `code: ${provider.name} refused the authorization code (${reason})`,
      [{ field: 'code', message: `refused by ${provider.name}: ${reason}` }],
    );
  }
  return {
    accessToken: body.access_token as string,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
    scope: typeof body.scope === 'string' ? body.scope : undefined,
    expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
  };
}
