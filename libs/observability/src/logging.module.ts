import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
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
 * ids of the unit of work (from the log context), secrets redacted. HTTP access lines skip probes and metrics.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { app: options.app },
            timestamp: () => `,"time":"${new Date().toISOString()}"`,
            formatters: { level: (label: string) => ({ level: label }) },
            mixin: () => ({ ...currentLogContext() }),
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // The request id is Fastify's (from x-request-id or generated), so HTTP and bus logs agree.
            genReqId: (req: IncomingMessage) => req.id ?? '',
            serializers: {
              // Paths only: query strings can carry tokens (e.g. reset links).
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url?.split('?')[0],
              }),
            },
            autoLogging: { ignore: (req: IncomingMessage) => /^\/(health|metrics)/.test(req.url ?? '') },
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
