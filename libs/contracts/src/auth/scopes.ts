/**
 * What a personal API token may be granted. Full user sessions have no scope limits; a request made
 * with an API token reaches only routes that declare scopes the token holds (see the gateway's
 * `@RequireScopes`). Credentials (password, two-factor, tokens, sessions) are never managed with one.
 */
export const API_SCOPES = [
  'profile:read',
  'companies:read',
  'companies:write',
  'billing:read',
  'integrations:read',
  'integrations:write',
  'account:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  'profile:read': 'Read your profile',
  'companies:read': 'List and read the companies you belong to',
  'companies:write': 'Create, change and delete companies (as your role allows)',
  'billing:read': 'Read billing accounts of your companies',
  'integrations:read': 'Read integrations tenants of your companies',
  'integrations:write':
    'Connect, change and remove integrations (PSA connections, mappings, settings, alert ticketing)',
  'account:read': 'Read your sessions, account log, two-factor status and API tokens',
};
