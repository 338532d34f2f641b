import { KeyObject, createPublicKey, JsonWebKey } from 'node:crypto';
import type { JsonWebKeySet } from '@roster/contracts';

export interface KeyStoreOptions {
  /** Fetches the issuer's current key set (from auth, over NATS). */
  fetch: () => Promise<JsonWebKeySet>;
  /** An unknown `kid` triggers at most one fetch per this interval: no storm of look-ups. */
  minRefreshIntervalMs?: number;
  now?: () => number;
}

/**
 * The gateway's cache of the issuer's public keys. Tokens are verified locally; keys are fetched at
 * start, and again only when a token names a `kid` we do not know (key rotation), rate limited. Keys
 * already cached stay usable while the issuer is down.
 */
export class JwksKeyStore {
  private keys = new Map<string, KeyObject>();
  private lastFetch = -Infinity;
  private inflight?: Promise<void>;

  constructor(private readonly options: KeyStoreOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get size(): number {
    return this.keys.size;
  }

  async getKey(kid: string): Promise<KeyObject | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    const interval = this.options.minRefreshIntervalMs ?? 10_000;
    // With no key at all (auth was not reachable yet) always try; otherwise at most once per interval.
    if (this.keys.size === 0 || this.now() - this.lastFetch >= interval)
      await this.refresh().catch(() => undefined);
    return this.keys.get(kid);
  }

  /** Single-flight fetch; keeps the old keys when the fetch fails. */
  refresh(): Promise<void> {
    this.inflight ??= (async () => {
      this.lastFetch = this.now();
      try {
        const set = await this.options.fetch();
        const next = new Map(this.keys);
        for (const jwk of set.keys) {
          if (!jwk.kid || jwk.kty !== 'EC' || jwk.d) continue; // public EC keys only
          next.set(jwk.kid, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }));
        }
        this.keys = next;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}
