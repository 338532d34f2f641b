import {
  applyDecorators,
  ArgumentsHost,
  Catch,
  createParamDecorator,
  ExecutionContext,
  Logger,
  RpcExceptionFilter,
  UseFilters,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { MessagePattern, NatsContext } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';
import { Observable, throwError } from 'rxjs';
import { AppError, RpcContract, RpcErrorBody, validationFailed } from '@roster/contracts';
import { metaFromHeaders, RequestMeta } from './request-meta';
import { currentRequestMeta } from './rpc-scope';
import { prefixed } from './subjects';
import { isDatabaseUnavailable } from './transient-errors';

/** Turns anything a handler throws into the coded body the caller's BusClient understands. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toBody(exception, host));
  }

  private toBody(exception: unknown, host: ArgumentsHost): RpcErrorBody {
    if (exception instanceof AppError) return exception.toBody();
    const subject = host.switchToRpc().getContext<NatsContext>()?.getSubject?.() ?? 'unknown';
    if (isDatabaseUnavailable(exception)) {
      // The database is away (restarting, connections terminated): a retry later will do, not a bug.
      this.logger.warn(
        `Database unavailable in ${subject}: ${String((exception as Error)?.message ?? exception)}`,
      );
      return new AppError('SERVICE_UNAVAILABLE', 'The service cannot reach its database').toBody();
    }
    // Unexpected: log it whole here (the log context carries the request id), reply without internals.
    this.logger.error({ err: exception, subject }, `Unhandled error in ${subject}`);
    return new AppError('INTERNAL', 'The service failed to handle the request').toBody();
  }
}

const rpcValidation = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationFailed,
});

/**
 * Marks a method as the handler of a request/reply contract: subscribes to its (prefixed) subject,
 * validates the payload against the contract's request class, and replies with coded errors. RpcServer
 * (the transport) sets up the request's log context, scope, span and metrics around it.
 */
export function RpcHandler(contract: RpcContract<unknown, unknown>): MethodDecorator {
  return applyDecorators(
    MessagePattern(prefixed(contract.subject)),
    UsePipes(rpcValidation),
    UseFilters(new RpcErrorFilter()),
  );
}

/** The request's metadata (request id, actor, client IP, user agent) from the NATS headers. */
export const RpcMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  // RpcServer parsed the headers once for the request's scope; a handler run another way parses them.
  const nats = ctx.switchToRpc().getContext<NatsContext>();
  return currentRequestMeta() ?? metaFromHeaders(nats.getHeaders() as MsgHdrs | undefined);
});

/**
 * The user behind a request; services call it where a signed-in user is required. An OAuth application
 * acting for itself (`client`) is authenticated but is nobody's user: 403, so a handler never mistakes a
 * client id for a user id. Handlers that serve applications too take the caller with `requireCaller`.
 */
export function requireUser(meta: RequestMeta): string {
  if (meta.actor.type === 'client' && meta.actor.id) {
    throw new AppError('FORBIDDEN', 'An application’s own token cannot do this; it needs a user');
  }
  if (meta.actor.type !== 'user' || !meta.actor.id) throw new AppError('UNAUTHENTICATED');
  return meta.actor.id;
}

/** Who calls a route open to users and to applications acting for themselves. */
export type Caller =
  { kind: 'user'; userId: string } | { kind: 'client'; clientId: string; companyId: string };

/** A user (as `requireUser`) or a company's OAuth application with its own token (`client_credentials`). */
export function requireCaller(meta: RequestMeta): Caller {
  if (meta.actor.type === 'client' && meta.actor.id && meta.actor.companyId) {
    return { kind: 'client', clientId: meta.actor.id, companyId: meta.actor.companyId };
  }
  return { kind: 'user', userId: requireUser(meta) };
}
