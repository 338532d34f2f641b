import { DynamicModule, INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LOG_LEVELS, ServiceConfig } from '@roster/config';

/** Maps our pino-style level names to Nest's logger levels. */
export function nestLogLevels(level: (typeof LOG_LEVELS)[number]): LogLevel[] {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const index = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 }[level];
  return order.slice(0, index + 1);
}

/**
 * Starts a bounded-context service: request/reply handlers on NATS in the service's queue group (so
 * replicas share the load), and a small HTTP port for health probes. SIGTERM drains NATS and closes
 * pools within SHUTDOWN_GRACE_MS.
 */
export async function bootstrapService(
  name: string,
  module: DynamicModule,
  config: ServiceConfig,
): Promise<INestApplication> {
  process.env.APP_NAME = name;
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    logger: nestLogLevels(config.LOG_LEVEL),
  });
  app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    options: {
      servers: config.NATS_URL.split(','),
      name: `${name}-rpc`,
      queue: name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      // On shutdown Nest unsubscribes (so the queue group's other replicas take new requests), then waits
      // this long for in-flight handlers to reply. It always waits the full period, so keep it short.
      gracefulShutdown: true,
      gracePeriod: Math.min(1000, config.SHUTDOWN_GRACE_MS),
    },
  });
  app.enableShutdownHooks();
  exitAfterGrace(config.SHUTDOWN_GRACE_MS);
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, '0.0.0.0');
  new Logger(name).log(`${name} ready: NATS queue "${name}", health on ${await app.getUrl()}/health/ready`);
  return app;
}

/** Hard stop if a graceful shutdown overruns its grace period. */
export function exitAfterGrace(graceMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => process.exit(1), graceMs + 1000).unref();
    });
  }
}
