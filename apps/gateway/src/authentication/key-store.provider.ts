import { Logger, Provider } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { READINESS_CHECKS } from '@roster/bootstrap';
import { GetJwks } from '@roster/contracts';
import { BusClient } from '@roster/messaging';
import { JwksKeyStore } from '@roster/security';
import { RevokedSessions } from './revoked-sessions';

/** The gateway's cache of auth's public keys, fetched over NATS (never per request). */
export const keyStoreProvider: Provider = {
  provide: JwksKeyStore,
  inject: [BusClient],
  useFactory: (bus: BusClient) => {
    const store = new JwksKeyStore({
      fetch: () =>
        bus.request(GetJwks, {}, { requestId: 'jwks-refresh', actor: { type: 'service', id: 'gateway' } }),
      minRefreshIntervalMs: 5_000,
    });
    // Warm the cache at start; a token with an unknown kid triggers a (rate-limited) refetch anyway.
    const logger = new Logger('JwksKeyStore');
    const warm = (attempt = 0): void => {
      store.refresh().then(
        () => logger.log(`Loaded ${store.size} signing key(s) from auth`),
        () => setTimeout(() => warm(attempt + 1), Math.min(5000, 250 * 2 ** attempt)).unref(),
      );
    };
    warm();
    return store;
  },
};

/**
 * Readiness: the gateway can verify tokens only once it holds auth's keys, and may accept them only
 * once it has rebuilt its deny list of revoked sessions.
 */
export const keysReadinessProvider: Provider = {
  provide: READINESS_CHECKS,
  inject: [JwksKeyStore, HealthIndicatorService, RevokedSessions],
  useFactory: (store: JwksKeyStore, indicators: HealthIndicatorService, revoked: RevokedSessions) => [
    () => {
      const keys = indicators.check('signing-keys');
      return store.size > 0
        ? keys.up({ keys: store.size })
        : keys.down('no signing keys loaded from auth yet');
    },
    () => {
      const deny = indicators.check('revoked-sessions');
      return revoked.ready
        ? deny.up({ denied: revoked.size })
        : deny.down('session revocations not replayed yet');
    },
  ],
};
