import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { connect, Events, JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { NatsConfig } from '@roster/config';

/**
 * The process's own NATS connection for JetStream and outgoing requests (the Nest microservice server
 * keeps its own for incoming requests). It reconnects forever and knows whether it is up, so callers can
 * fail fast with 503 instead of waiting out a timeout while NATS is away.
 */
@Injectable()
export class NatsConnectionService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsConnectionService.name);
  private connection?: NatsConnection;
  private connecting?: Promise<NatsConnection>;
  private up = false;
  private manager?: JetStreamManager;
  private readonly lostListeners = new Set<() => void>();

  /**
   * Calls `listener` once when the connection drops (requests in flight then get no answer until the
   * client has reconnected and their timeout has passed). Returns the unsubscribe function. When the
   * connection is already down (it dropped between a caller's `isUp` check and this call), the listener
   * is called at once (in a microtask): otherwise it would wait for the next drop, and its request for
   * its timeout.
   */
  onConnectionLost(listener: () => void): () => void {
    if (!this.isUp) {
      queueMicrotask(listener);
      return () => undefined;
    }
    this.lostListeners.add(listener);
    return () => void this.lostListeners.delete(listener);
  }

  constructor(private readonly config: NatsConfig) {}

  get isUp(): boolean {
    return this.up && !!this.connection && !this.connection.isClosed();
  }

  onModuleInit(): void {
    // Start connecting now so `isUp` means something from the first request on.
    this.get().catch((error: unknown) => this.logger.error(`NATS connection failed: ${String(error)}`));
  }

  /** Connects on first use; resolves once connected (retrying while NATS is not there yet). */
  async get(): Promise<NatsConnection> {
    if (this.connection) return this.connection;
    this.connecting ??= this.open();
    return this.connecting;
  }

  async jetstream(): Promise<JetStreamClient> {
    return (await this.get()).jetstream();
  }

  async jetstreamManager(): Promise<JetStreamManager> {
    this.manager ??= await (await this.get()).jetstreamManager();
    return this.manager;
  }

  private async open(): Promise<NatsConnection> {
    const nc = await connect({
      servers: this.config.NATS_URL.split(','),
      name: process.env.APP_NAME ?? 'roster',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      // Otherwise every request captures a stack trace (an Error) just in case it times out: a measurable
      // share of the gateway's CPU per call (bench B1). Timeouts still name the subject.
      noAsyncTraces: true,
    });
    this.connection = nc;
    this.up = true;
    void this.watch(nc);
    return nc;
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === Events.Disconnect) {
        this.up = false;
        this.logger.warn('NATS connection lost; reconnecting');
        const listeners = [...this.lostListeners];
        this.lostListeners.clear();
        for (const listener of listeners) listener();
      } else if (status.type === Events.Reconnect) {
        this.up = true;
        this.logger.log('NATS connection restored');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const nc = this.connection;
    this.connection = undefined;
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}
