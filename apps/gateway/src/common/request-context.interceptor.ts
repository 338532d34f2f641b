import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { context as otelContext, trace } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { finalize, Observable } from 'rxjs';
import { runWithLogContext, SpanKind, tracer } from '@roster/observability';
import type { Actor } from '@roster/security';

/**
 * Per HTTP request, after authentication: the request id becomes the correlation id of everything the
 * request causes (NATS headers, events, logs in every app), with the actor and tenant where known, and a
 * server span starts the trace.
 */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = ctx.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const route = request.routeOptions?.url ?? request.url.split('?')[0];
    const span = tracer().startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'roster.request_id': String(request.id),
      },
    });
    const requestId = String(request.id);
    // Nest binds the handler to the async context current when next.handle() is called: set ours first.
    return runWithLogContext(
      {
        requestId,
        correlationId: requestId,
        actorId: request.user?.userId ?? null,
        tenantId: params.companyId ?? null,
      },
      () => otelContext.with(trace.setSpan(otelContext.active(), span), () => next.handle()),
    ).pipe(finalize(() => span.end()));
  }
}
