import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ActorRef } from '@roster/contracts';

/** The verified caller, set on the request by the gateway's JWT strategy. */
export interface Actor {
  userId: string;
  sessionId: string;
  scopes: string[];
}

export function toActorRef(actor: Actor | undefined): ActorRef {
  if (!actor) return { type: 'anonymous', id: null };
  return { type: 'user', id: actor.userId, sessionId: actor.sessionId, scopes: actor.scopes };
}

export const IS_PUBLIC = 'roster:is-public';

/** Opts a route out of the global JWT guard (sign-up, login, JWKS). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Injects the verified actor into a controller method. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: Actor }>().user;
});
