import { Logger } from '@nestjs/common';
import { NatsContext, ServerNats } from '@nestjs/microservices';
import type { Msg } from 'nats';
import { context as otelContext, trace } from '@opentelemetry/api';
import {
  extractTraceContext,
  rpcHandlerDuration,
  runWithLogContext,
  SpanKind,
  tracer,
} from '@roster/observability';
import { isRpcErrorBody } from '@roster/contracts';
import { metaFromHeaders } from './request-meta';
import { runInRpcScope } from './rpc-scope';
import { unprefixed } from './subjects';

/** Requests being handled right now, so a shutdown can wait for them (see RpcDrain). */
let inFlight = 0;

export function rpcRequestsInFlight(): number {
  return inFlight;
}

/** What Nest's `send` hands the publisher: a response, an error, and the end of the stream. */
interface OutgoingPacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/**
 * Nest's NATS transport, with what surrounds every request/reply handler done once per message here
 * instead of in a Nest interceptor (whose per-request AsyncResource bindings and rxjs chains cost more
 * than the handlers of the hot reads): the caller's request id becomes this unit of work's correlation
 * id in the logs, the request's subject and metadata are in scope (`currentRpcScope`), the caller's
 * trace continues in a server span, and the handling time lands in a histogram and one log line.
 */
export class RpcServer extends ServerNats {
  private readonly rpcLogger = new Logger('Rpc');
  private readonly finishers = new WeakMap<Msg, (outcome: string) => void>();

  /** Subjects are plain strings: skip Nest's attempt to JSON.parse them, which throws once per message. */
  override getRouteFromPattern(pattern: string): string {
    return pattern.startsWith('{') ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const headers = natsMsg.headers;
    const meta = metaFromHeaders(headers);
    const subject = unprefixed(natsMsg.subject);
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
      this.rpcLogger.log(fields, `rpc ${subject} ${outcome}`);
    };
    this.finishers.set(natsMsg, finish);
    try {
      return await runWithLogContext(
        { requestId: meta.requestId, correlationId: meta.requestId, actorId: meta.actor.id },
        () =>
          runInRpcScope({ subject, meta }, () =>
            otelContext.with(trace.setSpan(otelContext.active(), span), () =>
              super.handleMessage(channel, natsMsg),
            ),
          ),
      );
    } catch (error) {
      finish('error');
      throw error;
    }
  }

  /** The reply ends the unit of work: its outcome is `ok` or the error's code. */
  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext): (packet: OutgoingPacket) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx) as (packet: OutgoingPacket) => unknown;
    const finish = this.finishers.get(natsMsg);
    return (packet) => {
      if (packet.err !== undefined) finish?.(isRpcErrorBody(packet.err) ? packet.err.code : 'error');
      else if (packet.isDisposed) finish?.('ok');
      return publish(packet);
    };
  }
}
