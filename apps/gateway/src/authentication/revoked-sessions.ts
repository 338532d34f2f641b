import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsumerMessages, DeliverPolicy, JsMsg } from 'nats';
import {
  ACCESS_TOKEN_MAX_TTL_SECONDS,
  ApiTokenRevoked,
  ApiTokenRevokedData,
  EventEnvelope,
  SessionsRevoked,
  SessionsRevokedData,
  UserDisabled,
  UserStatusChangedData,
} from '@roster/contracts';
import { NatsConnectionService, prefixed, streamFor, StreamsService } from '@roster/messaging';
import { API_TOKEN_CACHE_MAX_SECONDS } from '../config/gateway.config';

/** Beyond the longest access-token lifetime: the gateway's clock tolerance and some skew between hosts. */
const SLACK_SECONDS = 60;
/** How long a revoked session must stay denied: no access token of it can be valid after that. */
export const DENY_SECONDS = ACCESS_TOKEN_MAX_TTL_SECONDS + SLACK_SECONDS;
/** How long an API-token revocation is remembered: beyond any cached check of that token. */
const TOKEN_MARK_SECONDS = API_TOKEN_CACHE_MAX_SECONDS + SLACK_SECONDS;
const SWEEP_INTERVAL_MS = 60_000;
const RESTART_DELAY_MS = 1_000;

/** One followed subject: how far back the replay at start begins, and what an event does. */
interface Feed {
  subject: string;
  lookbackSeconds: number;
  handle: (data: unknown) => void;
}

/**
 * The gateway's deny list of revoked sessions and API tokens. Access tokens are verified locally, so
 * without it a logged-out or revoked session's access token would work until it expires; API tokens are
 * checked with auth once and then remembered for a while (ApiTokenAuthenticator), so without it a
 * deactivated token would work until that memory lapses.
 *
 * auth writes `auth.events.session.revoked`, `auth.events.api_token.revoked` (deleted, deactivated,
 * deactivated by a password reset) and `auth.events.user.disabled` in the revoking transaction; every
 * replica follows each subject with its own ordered (ephemeral, unacknowledged) JetStream consumer (one
 * per subject: NATS 2.9 has no multi-subject filters), so each replica sees every revocation, typically
 * within milliseconds of the commit.
 *
 * At start each consumer begins as far in the past as its entries matter (`DENY_SECONDS` for sessions):
 * replaying that slice of the stream rebuilds the deny list after a restart (the stream keeps events for
 * 14 days), with no gap between a snapshot and the live feed. Until every replay has caught up the
 * gateway reports not ready. Entries expire when they can no longer matter, so memory stays bounded by
 * the revocations of the last ~16 minutes. A lookup is a Map probe on the request path; no NATS round trip.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevokedSessions.name);
  /** session id → epoch ms after which the entry is useless. */
  private readonly denied = new Map<string, number>();
  /**
   * `token:<id>` / `user:<id>` → this replica's clock (epoch ms) when it learned that the API token was
   * revoked, or its owner disabled. A remembered API-token check made before that moment is void.
   */
  private readonly tokenMarks = new Map<string, number>();
  private readonly feeds: Feed[] = [
    {
      subject: SessionsRevoked.subject,
      lookbackSeconds: DENY_SECONDS,
      handle: (data) => this.handleSessions(data as SessionsRevokedData),
    },
    {
      subject: ApiTokenRevoked.subject,
      lookbackSeconds: TOKEN_MARK_SECONDS,
      handle: (data) => {
        const { tokenId } = data as ApiTokenRevokedData;
        if (typeof tokenId === 'string') this.markApiToken(tokenId);
      },
    },
    {
      subject: UserDisabled.subject,
      lookbackSeconds: TOKEN_MARK_SECONDS,
      handle: (data) => {
        const { userId } = data as UserStatusChangedData;
        if (typeof userId === 'string') this.markUser(userId);
      },
    },
  ];
  private readonly messages = new Set<ConsumerMessages>();
  private stopping = false;
  private sweepTimer?: NodeJS.Timeout;
  private readonly caughtUp = new Set<string>();

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly streams: StreamsService,
  ) {}

  /** True once the replay at start has reached the end of the stream (readiness). */
  get ready(): boolean {
    return this.caughtUp.size === this.feeds.length;
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

  /**
   * True when this replica learned, at or after `since` (its own clock, epoch ms), that the API token was
   * revoked or its owner disabled: a check of the token made at `since` no longer stands.
   */
  apiTokenRevokedSince(tokenId: string, userId: string, since: number): boolean {
    const token = this.tokenMarks.get(`token:${tokenId}`);
    if (token !== undefined && token >= since) return true;
    const user = this.tokenMarks.get(`user:${userId}`);
    return user !== undefined && user >= since;
  }

  /** An API token was deleted or deactivated (idempotent; also used by tests). */
  markApiToken(tokenId: string, now = Date.now()): void {
    this.tokenMarks.set(`token:${tokenId}`, now);
  }

  /** A user was disabled: none of their API tokens may be taken from memory (idempotent). */
  markUser(userId: string, now = Date.now()): void {
    this.tokenMarks.set(`user:${userId}`, now);
  }

  onApplicationBootstrap(): void {
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    for (const feed of this.feeds) void this.follow(feed);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweepTimer);
    await Promise.all([...this.messages].map((m) => m.close().catch(() => undefined)));
  }

  private sweep(now = Date.now()): void {
    for (const [id, until] of this.denied) if (until <= now) this.denied.delete(id);
    const markSince = now - TOKEN_MARK_SECONDS * 1000;
    for (const [key, at] of this.tokenMarks) if (at < markSince) this.tokenMarks.delete(key);
  }

  /** Follows one subject for the process's life, starting over (with the replay) after any failure. */
  private async follow(feed: Feed): Promise<void> {
    while (!this.stopping) {
      try {
        await this.consume(feed);
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn(`Following ${feed.subject} failed: ${String(error)}; restarting`);
      }
      if (!this.stopping) await new Promise((r) => setTimeout(r, RESTART_DELAY_MS).unref());
    }
  }

  private async consume(feed: Feed): Promise<void> {
    await this.streams.ensure('auth');
    const js = await this.nats.jetstream();
    const consumer = await js.consumers.get(streamFor('auth').name, {
      filterSubjects: prefixed(feed.subject),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - feed.lookbackSeconds * 1000).toISOString(),
    });
    const messages = await consumer.consume();
    this.messages.add(messages);
    try {
      const info = await consumer.info(true);
      if (info.num_pending === 0) this.markCaughtUp(feed);
      for await (const msg of messages) {
        this.handle(feed, msg);
        if (msg.info.pending === 0) this.markCaughtUp(feed);
        if (this.stopping) break;
      }
    } finally {
      this.messages.delete(messages);
    }
  }

  private handle(feed: Feed, msg: JsMsg): void {
    try {
      const data = msg.json<EventEnvelope<unknown>>()?.data;
      if (data && typeof data === 'object') feed.handle(data);
    } catch (error) {
      this.logger.error(`Unreadable ${feed.subject} event (seq ${msg.seq}): ${String(error)}`);
    }
  }

  private handleSessions(data: SessionsRevokedData): void {
    if (!Array.isArray(data.sessionIds) || typeof data.revokedAt !== 'string') return;
    this.apply({
      sessionIds: data.sessionIds.filter((id) => typeof id === 'string'),
      revokedAt: data.revokedAt,
    });
  }

  private markCaughtUp(feed: Feed): void {
    if (this.caughtUp.has(feed.subject)) return;
    this.caughtUp.add(feed.subject);
    if (this.ready) {
      this.logger.log(
        `Deny list rebuilt: ${this.denied.size} revoked session(s), ${this.tokenMarks.size} revoked API token(s) or disabled user(s)`,
      );
    }
  }
}
