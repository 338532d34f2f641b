import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import { GatewayConfig } from '../config/gateway.config';

let inFlight = 0;

/** Counted by Fastify hooks in create-app.ts. */
export const httpRequests = {
  started: () => void inFlight++,
  finished: () => void inFlight--,
  get inFlight() {
    return inFlight;
  },
};

/** Time for connections accepted just before the listener closed to send their request. */
const SETTLE_MS = 250;

/**
 * SIGTERM, first step, before Fastify closes: stop accepting connections but keep serving the ones we have
 * (http.Server#close would also drop idle ones, resetting a client that was about to send), then wait
 * for every request in flight to be answered, within SHUTDOWN_GRACE_MS.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: GatewayConfig,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening) NetServer.prototype.close.call(server);
    const deadline = Date.now() + this.config.SHUTDOWN_GRACE_MS * 0.8;
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    while (httpRequests.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
