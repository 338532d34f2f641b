import { AppError } from '@roster/contracts';

/**
 * The scopes a `client_credentials` token gets: those asked for (space separated), each allowed to the
 * application, or all it is allowed when it asks for none. No allowed scope at all: the grant is off.
 */
export function grantedClientScopes(allowed: readonly string[], requested?: string): string[] {
  if (!allowed.length) {
    throw new AppError('UNAUTHORIZED_CLIENT', 'This application may not use the client_credentials grant');
  }
  const wanted = [...new Set((requested ?? '').split(' ').filter(Boolean))];
  if (!wanted.length) return [...allowed];
  const refused = wanted.filter((s) => !allowed.includes(s));
  if (refused.length) {
    const message = `not allowed to this application: ${refused.join(', ')}`;
    throw new AppError('INVALID_SCOPE', `scope: ${message}`, [{ field: 'scope', message }]);
  }
  return wanted;
}
