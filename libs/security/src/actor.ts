import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ActorRef } from '@roster/contracts';

/** The verified caller, set on the request by the gateway's JWT strategy (or API-token check). */
export interface Actor {
  userId: string;
  /** The session's id; `token:<id>` for a personal API token. */
  sessionId: string;
  scopes: string[];
  /**
   * What the request presented: an access token from a login (the default), a personal API token, an
   * access token an OAuth application obtained for the user, an impersonation token, or a restricted login
   * (its company enforces 2FA and the user has none: enrolment only).
   */
  credential?:
    'access_token' | 'api_token' | 'oauth_token' | 'impersonation' | 'restricted' | 'client_credentials';
  /** For `oauth_token` and `client_credentials`: the application's client id. */
  clientId?: string;
  /** For `client_credentials` (the application acts for itself; `userId` is then its client id): its company. */
  companyId?: string;
  /** For `impersonation`: who is acting as `userId` (the token's `act.sub`). */
  impersonatorId?: string;
  /** When the presented credential stops working (epoch seconds); absent when it never expires. */
  expiresAt?: number;
}

/** Requests made with a personal API token are limited to its scopes; sessions are not. */
export function isApiTokenActor(actor: Actor | undefined): boolean {
  return actor?.credential === 'api_token';
}

/**
 * Anything but a login session's own access token is limited to routes that declare scopes it holds
 * (API tokens, OAuth applications' tokens, impersonation).
 */
export function isScopeLimited(actor: Actor | undefined): boolean {
  return !!actor?.credential && actor.credential !== 'access_token';
}

export function toActorRef(actor: Actor | undefined): ActorRef {
  if (!actor) return { type: 'anonymous', id: null };
  if (actor.credential === 'client_credentials') {
    // Never a 'user' (its id is no user's) and never a 'service' (services trust those as operators).
    return {
      type: 'client',
      id: actor.clientId ?? actor.userId,
      sessionId: actor.sessionId,
      scopes: actor.scopes,
      ...(actor.companyId ? { companyId: actor.companyId } : {}),
    };
  }
  return {
    type: 'user',
    id: actor.userId,
    sessionId: actor.sessionId,
    scopes: actor.scopes,
    ...(actor.impersonatorId ? { impersonatorId: actor.impersonatorId } : {}),
  };
}

export const IS_PUBLIC = 'roster:is-public';

/** Opts a route out of the global JWT guard (sign-up, login, JWKS). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Injects the verified actor into a controller method. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: Actor }>().user;
});
