import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RequestMeta } from '@roster/messaging';
import { Actor, toActorRef } from '@roster/security';
import { idempotencyKeyOf } from './idempotency-key';

/**
 * What the gateway forwards with every bus request: request id, verified actor, client IP and agent, and the
 * validated `Idempotency-Key` of a mutating request.
 */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
  const agent = request.headers['user-agent'];
  const idempotencyKey = idempotencyKeyOf(request);
  return {
    requestId: String(request.id),
    actor: toActorRef(request.user),
    ip: request.ip,
    userAgent: typeof agent === 'string' ? agent.slice(0, 512) : undefined,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
});
