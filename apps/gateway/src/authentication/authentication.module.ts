import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ApiTokenAuthenticator } from './api-token.authenticator';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { keyStoreProvider, keysReadinessProvider } from './key-store.provider';
import { RevokedSessions } from './revoked-sessions';
import { ScopesGuard } from './scopes.guard';

@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [
    keyStoreProvider,
    keysReadinessProvider,
    HealthIndicatorService,
    RevokedSessions,
    JwtStrategy,
    ApiTokenAuthenticator,
    // In this order: who is calling, then what an API token may reach.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: ScopesGuard },
  ],
  exports: [keyStoreProvider, RevokedSessions],
})
export class AuthenticationModule {}
