import { AppError, TWO_FACTOR_ENROLLMENT_SCOPE } from '@roster/contracts';
import { RequestMeta, requireUser } from '@roster/messaging';

export interface SessionUser {
  userId: string;
  sessionId: string;
}

const API_TOKEN_SESSION = /^token:/;

/**
 * The user behind a request made with a full session (an access token from a login), not an API token:
 * credentials are never managed with an API token. The gateway refuses those requests already; this is
 * the same rule again where the data lives.
 */
export function requireSessionUser(
  meta: RequestMeta,
  options: { allowEnrollment?: boolean } = {},
): SessionUser {
  const userId = requireUser(meta);
  const sessionId = meta.actor.sessionId;
  if (!sessionId || API_TOKEN_SESSION.test(sessionId)) {
    throw new AppError('FORBIDDEN', 'This needs a signed-in session; API tokens cannot do it');
  }
  // Scoped credentials (OAuth grants to applications, impersonation) never manage credentials either.
  const scopes = meta.actor.scopes ?? [];
  const enrolling = scopes.length === 1 && scopes[0] === TWO_FACTOR_ENROLLMENT_SCOPE;
  if (scopes.length && !(enrolling && options.allowEnrollment)) {
    throw new AppError('FORBIDDEN', 'This needs your own signed-in session, not a delegated token');
  }
  return { userId, sessionId };
}
