import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsumerMessages, DeliverPolicy, JsMsg } from 'nats';
import {
  ACCESS_TOKEN_MAX_TTL_SECONDS,
  EventEnvelope,
  SessionsRevoked,
  SessionsRevokedData,
} from '@roster/contracts';
import { NatsConnectionService, prefixed, streamFor, StreamsService } from '@roster/messaging';

/** Beyond the longest access-token lifetime: the gateway's clock tolerance and some skew between hosts. */
const SLACK_SECONDS = 60;
/** How long a revoked session must stay denied: no access token of it can be valid after that. */
export const DENY_SECONDS = ACCESS_TOKEN_MAX_TTL_SECONDS + SLACK_SECONDS;
const SWEEP_INTERVAL_MS = 60_000;
const RESTART_DELAY_MS = 1_000;

/**
 * The gateway's deny list of revoked sessions. Access tokens are verified locally, so without it a
 * logged-out or revoked session's access token would work until it expires. auth writes
 * `auth.events.session.revoked` in the revoking transaction; every replica follows that subject with
 * its own ordered (ephemeral, unacknowledged) JetStream consumer, so each replica sees every
 * revocation, typically within milliseconds of the commit.
 *
 * At start the consumer begins `DENY_SECONDS` in the past: replaying that slice of the stream rebuilds
 * the deny list after a restart (the stream keeps events for 14 days), with no gap between a snapshot
 * and the live feed. Until the replay has caught up the gateway reports not ready. Entries expire when
 * no access token of the session can still be valid, so memory stays bounded by the revocations of the
 * last ~16 minutes. A lookup is one Map probe on the request path; no NATS round trip.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevokedSessions.name);
  /** session id → epoch ms after which the entry is useless. */
  private readonly denied = new Map<string, number>();
  private messages?: ConsumerMessages;
  private stopping = false;
  private sweepTimer?: NodeJS.Timeout;
  private caughtUp = false;

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly streams: StreamsService,
  ) {}

  /** True once the replay at start has reached the end of the stream (readiness). */
  get ready(): boolean {
    return this.caughtUp;
  }

  get size(): number {
    return this.denied.size;
  }

  isRevoked(sessionId: string, now = Date.now()): boolean {
    const until = this.denied.get(sessionId);
    if (until === undefined) return false;
    if (until > now) return true;
    this.denied.delete(sessionId);
    return false;
  }

  /** Adds the sessions of one revocation event (idempotent; also used by tests). */
  apply(data: Pick<SessionsRevokedData, 'sessionIds' | 'revokedAt'>): void {
    const until = new Date(data.revokedAt).getTime() + DENY_SECONDS * 1000;
    if (!Number.isFinite(until) || until <= Date.now()) return;
    for (const id of data.sessionIds) {
      if ((this.denied.get(id) ?? 0) < until) this.denied.set(id, until);
    }
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    void this.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweepTimer);
    await this.messages?.close().catch(() => undefined);
  }

  private sweep(now = Date.now()): void {
    for (const [id, until] of this.denied) if (until <= now) this.denied.delete(id);
  }

  /** Follows the revocations for the process's life, starting over after any failure. */
  private async follow(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.consume();
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn(`Following session revocations failed: ${String(error)}; restarting`);
      }
      if (!this.stopping) await new Promise((r) => setTimeout(r, RESTART_DELAY_MS).unref());
    }
  }

  private async consume(): Promise<void> {
    await this.streams.ensure('auth');
    const js = await this.nats.jetstream();
    const consumer = await js.consumers.get(streamFor('auth').name, {
      filterSubjects: prefixed(SessionsRevoked.subject),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - DENY_SECONDS * 1000).toISOString(),
    });
    const messages = await consumer.consume();
    this.messages = messages;
    const info = await consumer.info(true);
    if (info.num_pending === 0) this.markCaughtUp();
    for await (const msg of messages) {
      this.handle(msg);
      if (msg.info.pending === 0) this.markCaughtUp();
      if (this.stopping) break;
    }
  }

  private handle(msg: JsMsg): void {
    try {
      const envelope = msg.json<EventEnvelope<SessionsRevokedData>>();
      const data = envelope?.data;
      if (!data || !Array.isArray(data.sessionIds) || typeof data.revokedAt !== 'string') return;
      this.apply({
        sessionIds: data.sessionIds.filter((id) => typeof id === 'string'),
        revokedAt: data.revokedAt,
      });
    } catch (error) {
      this.logger.error(`Unreadable session revocation (seq ${msg.seq}): ${String(error)}`);
    }
  }

  private markCaughtUp(): void {
    if (this.caughtUp) return;
    this.caughtUp = true;
    this.logger.log(`Session deny list rebuilt: ${this.denied.size} revoked session(s)`);
  }
}
