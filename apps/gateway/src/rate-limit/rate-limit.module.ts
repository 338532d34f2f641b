import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '../config/gateway.config';
import { ActorThrottlerGuard } from './actor-throttler.guard';
import { SlidingWindowStorage } from './sliding-window.storage';

const isAuthenticated = (context: ExecutionContext) =>
  Boolean(context.switchToHttp().getRequest<{ user?: unknown }>().user);

/** Probes and the public keys are never limited: an orchestrator must always see the gateway's health. */
const isInfrastructure = (context: ExecutionContext) =>
  /^\/(health\/|\.well-known\/)/.test(context.switchToHttp().getRequest<{ url: string }>().url);

/**
 * API rate limits per caller per minute (429 with Retry-After beyond): one budget for authenticated
 * callers (per user), a tighter one for anonymous calls (per client IP: sign-up, login, password reset).
 * Counters (a sliding-window counter per caller, O(1) per request) live in this gateway's memory: with N replicas behind a balancer a caller gets up to N times
 * the budget, the accepted trade for no shared store on the hot path. Login brute-force limits are
 * separate (auth). Imported after AuthenticationModule, so its guard runs once the caller is known.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [GatewayConfig],
      useFactory: (config: GatewayConfig) => ({
        throttlers: [
          {
            name: 'user',
            ttl: 60_000,
            limit: config.RATE_LIMIT_PER_MINUTE,
            skipIf: (context) =>
              config.RATE_LIMIT_PER_MINUTE === 0 || isInfrastructure(context) || !isAuthenticated(context),
          },
          {
            name: 'anonymous',
            ttl: 60_000,
            limit: config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
            skipIf: (context) =>
              config.RATE_LIMIT_ANONYMOUS_PER_MINUTE === 0 ||
              isInfrastructure(context) ||
              isAuthenticated(context),
          },
        ],
        errorMessage: 'Too many requests: retry after the number of seconds in Retry-After',
        storage: new SlidingWindowStorage(),
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ActorThrottlerGuard }],
})
export class RateLimitModule {}
