import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ErrorCode as NatsErrorCode, JSONCodec, NatsError } from 'nats';
import { NatsConfig } from '@roster/config';
import { injectTraceContext, inSpan, natsRequestDuration, SpanKind } from '@roster/observability';
import { AppError, isRpcErrorBody, RequestOf, ResponseOf, RpcContract } from '@roster/contracts';
import { NatsConnectionService } from './nats-connection.service';
import { metaToHeaders, RequestMeta } from './request-meta';
import { prefixed } from './subjects';

const codec = JSONCodec();

/** The reply a Nest microservice sends: `{ id, response }` or `{ id, err }`. */
interface NestReply {
  id?: string;
  response?: unknown;
  err?: unknown;
}

/**
 * Typed request/reply over NATS: `bus.request(CreateCompany, payload, meta)`. It speaks the packet format
 * of Nest's NATS transport, so the receiving side is a plain `@MessagePattern` handler in a queue group.
 * No responder: 503 at once. No answer within RPC_TIMEOUT_MS: 504. A coded error from the service comes
 * back as the same `AppError`.
 */
@Injectable()
export class BusClient {
  constructor(
    private readonly nats: NatsConnectionService,
    private readonly config: NatsConfig,
  ) {}

  async request<C extends RpcContract<unknown, unknown>>(
    contract: C,
    payload: RequestOf<C>,
    meta: RequestMeta,
    options: { timeoutMs?: number } = {},
  ): Promise<ResponseOf<C>> {
    if (!this.nats.isUp) {
      natsRequestDuration.observe({ subject: contract.subject, outcome: 'SERVICE_UNAVAILABLE' }, 0);
      throw new AppError('SERVICE_UNAVAILABLE', 'The message bus is not reachable');
    }
    const nc = await this.nats.get();
    const packet = { pattern: prefixed(contract.subject), data: payload, id: randomUUID() };
    const stopTimer = natsRequestDuration.startTimer({ subject: contract.subject });
    let outcome = 'ok';
    try {
      return await inSpan(`nats request ${contract.subject}`, { kind: SpanKind.CLIENT }, async () => {
        const headers = metaToHeaders(meta);
        injectTraceContext(headers);
        let reply: NestReply;
        // If the connection drops while we wait, answer 503 at once rather than 504 after the timeout.
        let unsubscribe: () => void = () => undefined;
        const lost = new Promise<never>((_, reject) => {
          unsubscribe = this.nats.onConnectionLost(() =>
            reject(new AppError('SERVICE_UNAVAILABLE', 'The message bus connection was lost')),
          );
        });
        try {
          const msg = await Promise.race([
            nc.request(packet.pattern, codec.encode(packet), {
              timeout: options.timeoutMs ?? this.config.RPC_TIMEOUT_MS,
              headers,
            }),
            lost,
          ]);
          reply = codec.decode(msg.data) as NestReply;
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw translateNatsError(error, contract.subject);
        } finally {
          unsubscribe();
          lost.catch(() => undefined);
        }
        if (reply.err !== undefined && reply.err !== null) {
          if (isRpcErrorBody(reply.err)) throw AppError.fromBody(reply.err);
          throw new AppError('INTERNAL', `Unexpected error from ${contract.subject}`);
        }
        return reply.response as ResponseOf<C>;
      });
    } catch (error) {
      outcome = error instanceof AppError ? error.code : 'error';
      throw error;
    } finally {
      stopTimer({ outcome });
    }
  }
}

function translateNatsError(error: unknown, subject: string): AppError {
  if (error instanceof NatsError) {
    const code = error.code as NatsErrorCode;
    if (code === NatsErrorCode.NoResponders) {
      return new AppError('SERVICE_UNAVAILABLE', `No service answers ${subject}`);
    }
    if (code === NatsErrorCode.Timeout) {
      return new AppError('UPSTREAM_TIMEOUT', `No answer to ${subject} in time`);
    }
    if (code === NatsErrorCode.ConnectionClosed || code === NatsErrorCode.Disconnect) {
      return new AppError('SERVICE_UNAVAILABLE', 'The message bus is not reachable');
    }
  }
  return new AppError('SERVICE_UNAVAILABLE', `Request ${subject} failed`);
}
