import { DynamicModule, Module } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { currentLogContext } from './log-context';

export interface LoggingOptions {
  app: string;
  level: string;
  /** Human-readable lines (pino-pretty) instead of JSON; for a developer's terminal. */
  pretty: boolean;
}

/** Never written to a log, wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.clientSecret',
  '*.totpCode',
  '*.recoveryCode',
];

/** Whether `LOG_PRETTY` (true/false/auto) asks for pretty lines here. */
export function wantsPrettyLogs(setting: string | undefined): boolean {
  if (setting === 'true') return true;
  if (setting === 'false') return false;
  return process.stdout.isTTY === true && process.env.NODE_ENV !== 'production';
}

/**
 * Structured JSON logs (nestjs-pino) for one app: level, time, app, and the request/correlation/tenant/actor
 * ids of the unit of work (from the log context), secrets redacted.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // No per-request pino-http middleware (a child logger and a storage per request): the log
          // context (log-context.ts) carries the request's ids into every line through the mixin, and the
          // gateway writes its own access lines (see accessLogLine).
          forRoutes: [],
          pinoHttp: {
            level: options.level,
            base: { app: options.app },
            timestamp: () => `,"time":"${new Date().toISOString()}"`,
            formatters: { level: (label: string) => ({ level: label }) },
            mixin: () => ({ ...currentLogContext() }),
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            serializers: {
              // Paths only: query strings can carry tokens (e.g. reset links).
              req: (req: AccessLogRequest) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
            },
            transport: options.pretty
              ? {
                  target: 'pino-pretty',
                  options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
                }
              : undefined,
          },
        }),
      ],
    };
  }
}

/** What an HTTP access line says of a request: paths only (query strings can carry tokens). */
export interface AccessLogRequest {
  id: string;
  method: string;
  url: string;
}

/**
 * One access line per answered request, as pino-http wrote them: `request completed` (info), or `request
 * errored` (error) for a 5xx; probes and metrics are not logged.
 */
export function accessLogLine(
  logger: { info(o: object, msg: string): void; error(o: object, msg: string): void; isLevelEnabled(l: string): boolean },
  request: AccessLogRequest,
  response: ServerResponse,
  responseTimeMs: number,
): void {
  if (/^\/(health|metrics)/.test(request.url)) return;
  const errored = response.statusCode >= 500;
  if (!errored && !logger.isLevelEnabled('info')) return;
  // `req` and `res` go through the logger's serializers (paths only; status and headers, cookies redacted).
  const line = { req: request, res: response, responseTime: Math.round(responseTimeMs) };
  if (errored) logger.error(line, 'request errored');
  else logger.info(line, 'request completed');
}
