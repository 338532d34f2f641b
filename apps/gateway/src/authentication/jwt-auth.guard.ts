import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Actor, IS_PUBLIC } from '@roster/security';
import { GatewayConfig } from '../config/gateway.config';
import { ApiTokenAuthenticator, looksLikeApiToken } from './api-token.authenticator';
import { bearerTokenOf, JwtStrategy } from './jwt.strategy';

/**
 * Global guard: every route needs a credential unless marked `@Public()`. A bearer starting `rst_` is
 * a personal API token, checked with auth; anything else must be a valid access token (JwtStrategy).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokenAuthenticator,
    private readonly config: GatewayConfig,
    private readonly jwt: JwtStrategy,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
    if (this.config.INSECURE_BENCH_ACTOR_ID) {
      // Benchmark B2's "authentication off" baseline only; main.ts refuses this in production.
      request.user = { userId: this.config.INSECURE_BENCH_ACTOR_ID, sessionId: 'bench', scopes: [] };
      return true;
    }
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer && looksLikeApiToken(bearer)) {
      request.user = await this.apiTokens.authenticate(bearer, String(request.id));
      return true;
    }
    const token = bearerTokenOf(request);
    if (!token) throw new UnauthorizedException();
    request.user = await this.jwt.actorOf(token);
    return true;
  }
}
