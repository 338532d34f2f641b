import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { enrichLogContext } from '@roster/observability';
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
    request.user = await this.authenticate(request);
    // The request's log context (opened in an onRequest hook, see request-context.ts) learns who it is.
    enrichLogContext({ actorId: request.user.userId });
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Actor> {
    if (this.config.INSECURE_BENCH_ACTOR_ID) {
      // Benchmark B2's "authentication off" baseline only; main.ts refuses this in production.
      return { userId: this.config.INSECURE_BENCH_ACTOR_ID, sessionId: 'bench', scopes: [] };
    }
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer && looksLikeApiToken(bearer)) return this.apiTokens.authenticate(bearer, String(request.id));
    const token = bearerTokenOf(request);
    if (!token) throw new UnauthorizedException();
    return this.jwt.actorOf(token);
  }
}
