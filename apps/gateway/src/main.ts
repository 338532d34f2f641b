import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitAfterGrace } from '@roster/bootstrap';
import { loadConfigOrExit } from '@roster/config';
import { GatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './create-app';
import { OPENAPI_JSON_PATH, SWAGGER_UI_PATH } from './openapi';

async function main(): Promise<void> {
  process.env.APP_NAME = 'gateway';
  const config = loadConfigOrExit(GatewayConfig, 'gateway');
  const app = await createGatewayApp(config);
  exitAfterGrace(config.SHUTDOWN_GRACE_MS);
  await app.listen(config.PORT, '0.0.0.0');
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  new Logger('gateway').log(
    `gateway ready: ${url}/api/v1 (docs ${url}/${SWAGGER_UI_PATH}, spec ${url}/${OPENAPI_JSON_PATH})`,
  );
}

void main();
