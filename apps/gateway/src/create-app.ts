import { RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { withRuntime } from '@roster/bootstrap';
import { validationFailed } from '@roster/contracts';
import { ProblemFilter } from '@roster/http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { registerRequestContext } from './common/request-context';
import { setupOpenApi } from './openapi';

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** TRUST_PROXY as Fastify takes it: false, a hop count, or a list of addresses/CIDRs/keywords. */
export function trustProxySetting(value: string): boolean | number | string[] {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export async function createGatewayApp(config: GatewayConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    // Keep a caller's request id when it looks sane, so one id follows a request across systems.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  // First: everything after it (Nest's middleware, guards, handler) runs in the request's context. Its
  // hooks also count the request for the drain, time it and write the access line.
  registerRequestContext(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    withRuntime('gateway', AppModule.register(config), config, false),
    adapter,
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: '.well-known/jwks.json', method: RequestMethod.GET },
      { path: '.well-known/openid-configuration', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationFailed,
    }),
  );
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
