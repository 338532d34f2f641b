import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { API_TOKEN_PREFIX, AppError, IntrospectToken } from '@roster/contracts';
import { BusClient } from '@roster/messaging';
import { Actor } from '@roster/security';
import { GatewayConfig } from '../config/gateway.config';
import { RevokedSessions } from './revoked-sessions';
import { rememberBounded } from './bounded-cache';

/** `rst_` + 43 base64url characters (256 bits); anything else is refused without asking auth. */
const API_TOKEN_SHAPE = /^rst_[A-Za-z0-9_-]{43}$/;
/** Verified API tokens remembered at most (the least recently used goes first). */
export const API_TOKEN_CACHE_SIZE = 10_000;

export function looksLikeApiToken(bearer: string): boolean {
  return bearer.startsWith(API_TOKEN_PREFIX);
}

interface VerifiedToken {
  actor: Actor;
  tokenId: string;
  /** The token's own expiry (epoch ms), checked on every use; null: it does not expire. */
  expiresAtMs: number | null;
  /** This replica's clock when it asked auth: a revocation learned at or after it voids the entry. */
  checkedAt: number;
  /** Forgotten after this (epoch ms): `API_TOKEN_CACHE_SECONDS` after the check, or the expiry if sooner. */
  keepUntil: number;
}

/**
 * Personal API tokens are opaque, so unlike access tokens they cannot be verified here: the first request
 * that presents one asks auth (`auth.token.introspect.v1`). A positive answer is remembered, keyed by the
 * token's SHA-256 (the secret itself is not kept), for at most `API_TOKEN_CACHE_SECONDS` and never past the
 * token's expiry, in a bounded map; the next requests with it cost a hash and a map lookup.
 *
 * A remembered token still stops at once:
 * - expiry is checked on every request from the remembered record;
 * - deactivation, deletion (also a password reset's deactivation) and the owner's account being disabled
 *   reach every replica within about a second through auth's events (`auth.events.api_token.revoked`,
 *   `auth.events.user.disabled`), followed by RevokedSessions like session revocations: a record checked
 *   before this replica learned of the revocation is dropped and auth is asked again (so a reactivated
 *   token works again at its next request). A check still in flight when the event arrives is used for
 *   its own request but not remembered.
 * Negative answers are never remembered.
 */
@Injectable()
export class ApiTokenAuthenticator {
  private readonly verified = new Map<string, VerifiedToken>();
  private readonly ttlMs: number;

  constructor(
    private readonly bus: BusClient,
    private readonly revoked: RevokedSessions,
    config: GatewayConfig,
  ) {
    this.ttlMs = config.API_TOKEN_CACHE_SECONDS * 1000;
  }

  get size(): number {
    return this.verified.size;
  }

  async authenticate(token: string, requestId: string): Promise<Actor> {
    if (!API_TOKEN_SHAPE.test(token)) throw unauthenticated();
    const key = createHash('sha256').update(token).digest('base64url');
    const remembered = this.recall(key, Date.now());
    if (remembered) return remembered;

    const checkedAt = Date.now();
    const answer = await this.bus.request(
      IntrospectToken,
      { token },
      { requestId, actor: { type: 'service', id: 'gateway' } },
    );
    if (!answer.active) throw unauthenticated();
    const expiresAtMs = answer.expiresAt ? new Date(answer.expiresAt).getTime() : null;
    const actor: Actor = {
      userId: answer.userId,
      sessionId: `token:${answer.tokenId}`,
      scopes: answer.scopes,
      credential: 'api_token',
      ...(expiresAtMs !== null ? { expiresAt: Math.floor(expiresAtMs / 1000) } : {}),
    };
    const keepUntil = Math.min(checkedAt + this.ttlMs, expiresAtMs ?? Infinity);
    if (
      this.ttlMs > 0 &&
      keepUntil > Date.now() &&
      !this.revoked.apiTokenRevokedSince(answer.tokenId, answer.userId, checkedAt)
    ) {
      rememberBounded(
        this.verified,
        key,
        { actor, tokenId: answer.tokenId, expiresAtMs, checkedAt, keepUntil },
        API_TOKEN_CACHE_SIZE,
      );
    }
    return copyOf(actor);
  }

  /**
   * The remembered actor, or undefined when auth must be asked (unknown, stale, or revoked since the
   * check). An expired token is refused here, without asking auth.
   */
  private recall(key: string, now: number): Actor | undefined {
    const entry = this.verified.get(key);
    if (!entry) return undefined;
    this.verified.delete(key);
    if (entry.expiresAtMs !== null && entry.expiresAtMs <= now) throw unauthenticated();
    if (entry.keepUntil <= now) return undefined;
    if (this.revoked.apiTokenRevokedSince(entry.tokenId, entry.actor.userId, entry.checkedAt))
      return undefined;
    this.verified.set(key, entry); // most recently used last
    return copyOf(entry.actor);
  }
}

function unauthenticated(): AppError {
  return new AppError('UNAUTHENTICATED', 'The API token is not valid');
}

/** Callers get their own actor object; the remembered one is never handed out. */
function copyOf(actor: Actor): Actor {
  return { ...actor, scopes: [...actor.scopes] };
}
