import { Injectable } from '@nestjs/common';
import { API_TOKEN_PREFIX, AppError, IntrospectToken } from '@roster/contracts';
import { BusClient } from '@roster/messaging';
import { Actor } from '@roster/security';

/** `rst_` + 43 base64url characters (256 bits); anything else is refused without asking auth. */
const API_TOKEN_SHAPE = /^rst_[A-Za-z0-9_-]{43}$/;

export function looksLikeApiToken(bearer: string): boolean {
  return bearer.startsWith(API_TOKEN_PREFIX);
}

/**
 * Personal API tokens are opaque, so unlike access tokens they cannot be verified here: every request
 * that presents one costs one NATS request to auth (`auth.token.introspect.v1`, an index probe there).
 * Nothing is cached, so a token that is deactivated, deleted or expires stops working at the very next
 * request. Should the cost matter, cache positive answers for a few seconds and drop entries on
 * `auth.events.api_token.revoked`; the revocation bound is then that TTL.
 */
@Injectable()
export class ApiTokenAuthenticator {
  constructor(private readonly bus: BusClient) {}

  async authenticate(token: string, requestId: string): Promise<Actor> {
    if (!API_TOKEN_SHAPE.test(token)) throw new AppError('UNAUTHENTICATED', 'The API token is not valid');
    const answer = await this.bus.request(
      IntrospectToken,
      { token },
      { requestId, actor: { type: 'service', id: 'gateway' } },
    );
    if (!answer.active) throw new AppError('UNAUTHENTICATED', 'The API token is not valid');
    return {
      userId: answer.userId,
      sessionId: `token:${answer.tokenId}`,
      scopes: answer.scopes,
      credential: 'api_token',
      ...(answer.expiresAt ? { expiresAt: Math.floor(new Date(answer.expiresAt).getTime() / 1000) } : {}),
    };
  }
}
