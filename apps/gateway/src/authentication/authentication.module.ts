import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { keyStoreProvider } from './key-store.provider';

@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [keyStoreProvider, JwtStrategy, { provide: APP_GUARD, useClass: JwtAuthGuard }],
  exports: [keyStoreProvider],
})
export class AuthenticationModule {}
