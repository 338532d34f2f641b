import 'reflect-metadata';
import { initTracing, startMetricsServer } from '@roster/observability';
initTracing('gateway');

import { exitAfterGrace } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { GatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './create-app';
import { OPENAPI_JSON_PATH, SWAGGER_UI_PATH } from './openapi';

async function main(): Promise<void> {
  process.env.APP_NAME = 'gateway';
  const config = loadConfigOrExit(GatewayConfig, 'gateway');
  if (config.INSECURE_BENCH_ACTOR_ID) {
    if (process.env.NODE_ENV === 'production' && process.env.ROSTER_BENCH !== '1') {
      console.error('gateway: INSECURE_BENCH_ACTOR_ID turns authentication off; refused in production');
      process.exit(78);
    }
    console.warn('gateway: INSECURE_BENCH_ACTOR_ID is set: AUTHENTICATION IS OFF (benchmark baseline only)');
  }
  const app = await createGatewayApp(config);
  const logger = app.get(Logger);
  exitAfterGrace(config.SHUTDOWN_GRACE_MS);
  const metrics = await startMetricsServer(config.METRICS_PORT);
  process.once('SIGTERM', () => metrics.close());
  process.once('SIGINT', () => metrics.close());
  await app.listen(config.PORT, '0.0.0.0');
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const metricsPort = (metrics.address() as AddressInfo).port;
  logger.log(
    `gateway ready: ${url}/api/v1 (docs ${url}/${SWAGGER_UI_PATH}, spec ${url}/${OPENAPI_JSON_PATH}, metrics :${metricsPort}/metrics)`,
    'gateway',
  );
}

void main();
