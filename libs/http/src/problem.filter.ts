import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode, ErrorCodeName, FieldError } from '@roster/contracts';
import { Problem, PROBLEM_CONTENT_TYPE, problemType } from './problem';

const STATUS_TO_CODE: Record<number, ErrorCodeName> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
  504: 'UPSTREAM_TIMEOUT',
};

/** Fastify's own errors (bad JSON, body too large, wrong content type) carry a statusCode and a code. */
interface FastifyError extends Error {
  statusCode?: number;
  code?: string;
}

/**
 * The gateway's single error mapping: every error leaves as `application/problem+json` with the right
 * status, a stable `type` and `code`, the offending fields, and never a stack trace.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception);
    problem.instance = request.url.split('?')[0];
    problem.requestId = String(request.id);
    if (problem.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    // 429 (rate limits) and 409 (an Idempotency-Key whose first request is still in progress) say when to retry.
    if (
      (problem.status === 429 || problem.status === 409) &&
      exception instanceof AppError &&
      exception.retryAfterSeconds
    ) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  toProblem(exception: unknown): Problem {
    if (exception instanceof AppError) return this.build(exception.code, exception.message, exception.errors);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_TO_CODE[status] ?? (status >= 500 ? 'INTERNAL' : 'UNPROCESSABLE');
      return { ...this.build(code, exception.message), status };
    }
    const fastify = exception as FastifyError;
    if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      const status = fastify.statusCode;
      const code = STATUS_TO_CODE[status] ?? 'UNPROCESSABLE';
      const field = fastify.code?.startsWith('FST_ERR_CTP')
        ? [{ field: 'body', message: fastify.message }]
        : undefined;
      return { ...this.build(code, fastify.message, field), status };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return this.build('INTERNAL', 'An unexpected error occurred');
  }

  private build(code: ErrorCodeName, detail?: string, errors?: FieldError[]): Problem {
    const title = new AppError(code).message;
    return {
      type: problemType(code),
      title,
      status: ErrorCode[code],
      code,
      ...(detail && detail !== title ? { detail } : {}),
      ...(errors?.length ? { errors } : {}),
    };
  }
}
