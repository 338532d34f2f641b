import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';
import { Observable, tap } from 'rxjs';
import { context as otelContext, trace } from '@opentelemetry/api';
import { AppError } from '@roster/contracts';
import {
  extractTraceContext,
  rpcHandlerDuration,
  runWithLogContext,
  SpanKind,
  tracer,
} from '@roster/observability';
import { metaFromHeaders, runWithRequestMeta } from './request-meta';
import { unprefixed } from './subjects';
import { currentRpcSubject } from './fault-injection';

/** Requests being handled right now, so a shutdown can wait for them (see RpcDrain). */
let inFlight = 0;

export function rpcRequestsInFlight(): number {
  return inFlight;
}

/**
 * Around every request/reply handler: the caller's request id becomes this unit of work's correlation id in
 * the logs, the caller's trace continues in a server span, and the handling time lands in a histogram.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const nats = ctx.switchToRpc().getContext<NatsContext>();
    const headers = nats.getHeaders() as MsgHdrs | undefined;
    const meta = metaFromHeaders(headers);
    const subject = unprefixed(nats.getSubject());
    const span = tracer().startSpan(
      `rpc ${subject}`,
      { kind: SpanKind.SERVER },
      extractTraceContext(headers),
    );
    const stopTimer = rpcHandlerDuration.startTimer({ subject });
    const started = performance.now();
    inFlight++;
    let finished = false;
    const finish = (outcome: string) => {
      if (finished) return;
      finished = true;
      inFlight--;
      stopTimer({ outcome });
      span.end();
      // One line per request handled, with the caller's ids, so a user action can be followed across apps.
      const fields = {
        subject,
        outcome,
        durationMs: Math.round(performance.now() - started),
        correlationId: meta.requestId,
        actorId: meta.actor.id,
      };
      this.logger.log(fields, `rpc ${subject} ${outcome}`);
    };
    // Nest binds the handler to the async context current when next.handle() is called: set ours first.
    return runWithLogContext(
      { requestId: meta.requestId, correlationId: meta.requestId, actorId: meta.actor.id },
      () =>
        currentRpcSubject.run(subject, () =>
          runWithRequestMeta(meta, () =>
            otelContext.with(trace.setSpan(otelContext.active(), span), () => next.handle()),
          ),
        ),
    ).pipe(
      tap({
        next: () => finish('ok'),
        error: (error: unknown) => finish(error instanceof AppError ? error.code : 'error'),
      }),
    );
  }
}
