import {
  BeforeApplicationShutdown,
  DynamicModule,
  INestApplication,
  Injectable,
  Module,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { NatsConfig, ServiceConfig } from '@roster/config';
import { RpcServer, rpcRequestsInFlight } from '@roster/messaging';
import {
  dbPoolConnections,
  LoggingModule,
  MetricsController,
  onScrape,
  shutdownTracing,
  wantsPrettyLogs,
} from '@roster/observability';

/** Pool usage for the metrics, and the last spans flushed on shutdown. */
@Injectable()
class RuntimeTelemetry implements OnApplicationShutdown {
  private readonly stop?: () => void;

  constructor(@Optional() dataSource?: DataSource) {
    const pool = (
      dataSource?.driver as
        { master?: { totalCount: number; idleCount: number; waitingCount: number } } | undefined
    )?.master;
    if (pool) {
      this.stop = onScrape(() => {
        dbPoolConnections.set({ state: 'total' }, pool.totalCount);
        dbPoolConnections.set({ state: 'idle' }, pool.idleCount);
        dbPoolConnections.set({ state: 'waiting' }, pool.waitingCount);
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stop?.();
    await shutdownTracing();
  }
}

interface DrainableSubscription {
  drain(): Promise<void>;
}

/**
 * SIGTERM, first step: stop taking requests without dropping any. Draining the queue-group subscriptions
 * hands back nothing already received (unlike unsubscribe) and lets the other replicas take new requests;
 * then wait for the handlers in flight to reply, within SHUTDOWN_GRACE_MS, before pools and NATS close.
 */
@Injectable()
export class RpcDrain implements BeforeApplicationShutdown {
  app?: INestApplication;
  graceMs = 10_000;

  async beforeApplicationShutdown(): Promise<void> {
    const microservices =
      (this.app as { getMicroservices?: () => unknown[] } | undefined)?.getMicroservices?.() ?? [];
    const subscriptions = microservices.flatMap(
      (ms) =>
        (ms as { serverInstance?: { subscriptions?: DrainableSubscription[] } }).serverInstance
          ?.subscriptions ?? [],
    );
    await Promise.all(subscriptions.map((sub) => sub.drain().catch(() => undefined)));
    const deadline = Date.now() + this.graceMs * 0.8;
    do await new Promise((r) => setTimeout(r, 20));
    while (rpcRequestsInFlight() > 0 && Date.now() < deadline);
  }
}

/** Wraps an app's module with structured logging (and, for services, `/metrics` on the internal port). */
export function withRuntime(
  name: string,
  module: DynamicModule,
  config: NatsConfig,
  metricsRoute: boolean,
): DynamicModule {
  @Module({})
  class RuntimeModule {}
  return {
    module: RuntimeModule,
    imports: [
      LoggingModule.forRoot({
        app: name,
        level: config.LOG_LEVEL,
        pretty: wantsPrettyLogs(config.LOG_PRETTY),
      }),
      module,
    ],
    controllers: metricsRoute ? [MetricsController] : [],
    providers: [RuntimeTelemetry, RpcDrain],
  };
}

/**
 * Starts a bounded-context service: request/reply handlers on NATS in the service's queue group (so
 * replicas share the load), and a small internal HTTP port for probes and metrics. SIGTERM drains NATS,
 * flushes the outbox relay and closes pools within SHUTDOWN_GRACE_MS.
 */
export async function bootstrapService(
  name: string,
  module: DynamicModule,
  config: ServiceConfig,
): Promise<INestApplication> {
  process.env.APP_NAME = name;
  const app = await NestFactory.create<NestFastifyApplication>(
    withRuntime(name, module, config, true),
    new FastifyAdapter(),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.connectMicroservice<MicroserviceOptions>({
    // Nest's NATS transport with the request's log context, scope, span and metrics (see RpcServer).
    strategy: new RpcServer({
      servers: config.NATS_URL.split(','),
      name: `${name}-rpc`,
      queue: name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      // RpcDrain has drained the subscriptions and waited for the handlers before Nest closes this.
      gracefulShutdown: false,
    }),
  });
  const drain = app.get(RpcDrain);
  drain.app = app;
  drain.graceMs = config.SHUTDOWN_GRACE_MS;
  app.enableShutdownHooks();
  exitAfterGrace(config.SHUTDOWN_GRACE_MS);
  await app.startAllMicroservices();
  await app.listen(config.HTTP_PORT, '0.0.0.0');
  app
    .get(Logger)
    .log(`${name} ready: NATS queue "${name}", health and metrics on ${await app.getUrl()}`, name);
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
