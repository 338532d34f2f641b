/** Header `typ` of Roster access tokens (RFC 9068); the gateway refuses any other JWT type. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Claims Roster puts in an access token beside the registered ones. */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  scope?: string;
  exp: number;
  iat: number;
  nbf?: number;
  jti: string;
  /** RFC 9068: the OAuth client the token was issued to (absent for login sessions). */
  client_id?: string;
  /** `client_credentials` tokens (then `sub` is `client_id`): the company owning the application. */
  company_id?: string;
  /** RFC 8693: who acts for `sub` (impersonation). */
  act?: { sub: string };
}

/** Reads a JWT's protected header without trusting it (for `kid`, `alg`, `typ` checks before verifying). */
export function peekHeader(token: string): Record<string, unknown> | null {
  const [encoded] = token.split('.');
  if (!encoded) return null;
  try {
    const header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null ? (header as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
