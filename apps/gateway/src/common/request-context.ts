import type { FastifyInstance, FastifyRequest } from 'fastify';
import { context as otelContext, Span, trace } from '@opentelemetry/api';
import { PinoLogger } from 'nestjs-pino';
import {
  accessLogLine,
  httpRequestDuration,
  runWithLogContext,
  SpanKind,
  tracer,
} from '@roster/observability';
import { httpRequests } from './http-drain';

const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Per HTTP request, one Fastify hook per stage: the request id becomes the correlation id of everything
 * the request causes (NATS headers, events, logs in every app), with the tenant from the route (and the
 * actor once JwtAuthGuard knows it); a server span starts the trace; the in-flight count (for the drain),
 * the duration metric and the access line follow the request. Opened in Fastify's first onRequest hook,
 * so the whole request (Nest's guards, pipes, handler) runs inside it; a Nest interceptor would cost two
 * AsyncResource bindings and rxjs chains per request for the same thing.
 */
export function registerRequestContext(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, _reply, done) => {
    httpRequests.started();
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
  instance.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  const end = (request: FastifyRequest) => {
    httpRequests.finished();
    spans.get(request)?.end();
    spans.delete(request);
  };
  instance.addHook('onResponse', (request, reply, done) => {
    spans.get(request)?.setAttribute('http.response.status_code', reply.statusCode);
    end(request);
    httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions?.url ?? 'unmatched',
        status_code: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
    accessLogLine(PinoLogger.root, request, reply.raw, reply.elapsedTime);
    done();
  });
  instance.addHook('onRequestAbort', (request, done) => {
    end(request);
    PinoLogger.root.warn({ req: request }, 'request aborted'); // the client went away before the answer
    done();
  });
}
