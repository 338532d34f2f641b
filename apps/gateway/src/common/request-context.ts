import type { FastifyInstance, FastifyRequest } from 'fastify';
import { context as otelContext, Span, trace } from '@opentelemetry/api';
import { runWithLogContext, SpanKind, tracer } from '@roster/observability';

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Per HTTP request: the request id becomes the correlation id of everything the request causes (NATS
 * headers, events, logs in every app), with the tenant from the route (and the actor once JwtAuthGuard
 * knows it), and a server span starts the trace. Opened in Fastify's first onRequest hook, so the whole
 * request (Nest's guards, pipes, handler) runs inside it; a Nest interceptor would cost two
 * AsyncResource bindings and rxjs chains per request for the same thing.
 */
export function registerRequestContext(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions?.url ?? request.url.split('?')[0];
    const requestId = String(request.id);
    const span = tracer().startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': request.method,
        'http.route': route,
        'roster.request_id': requestId,
      },
    });
    spans.set(request, span);
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    runWithLogContext(
      { requestId, correlationId: requestId, actorId: null, tenantId: params.companyId ?? null },
      () => otelContext.with(trace.setSpan(otelContext.active(), span), done),
    );
  });
  const end = (request: FastifyRequest) => {
    spans.get(request)?.end();
    spans.delete(request);
  };
  instance.addHook('onResponse', (request, reply, done) => {
    spans.get(request)?.setAttribute('http.response.status_code', reply.statusCode);
    end(request);
    done();
  });
  instance.addHook('onRequestAbort', (request, done) => {
    end(request);
    done();
  });
}
