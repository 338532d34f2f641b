import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Actor } from '@roster/security';

/**
 * One budget per caller across the whole API (not per route): the authenticated user or API token when
 * there is one, else the client IP (as resolved by TRUST_PROXY). Runs after authentication, so a forged
 * token cannot spend someone else's budget.
 */
@Injectable()
export class ActorThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const actor = req.user as Actor | undefined;
    if (actor) return Promise.resolve(`actor:${actor.userId}:${actor.credential ?? 'access_token'}`);
    return Promise.resolve(`ip:${String(req.ip)}`);
  }

  /** The throttler suffixes headers with its name (`Retry-After-user`); clients expect the standard names. */
  protected override setResponseHeader(
    res: Record<string, unknown>,
    name: string,
    value: string | number,
  ): void {
    super.setResponseHeader(res, name.replace(/-(user|anonymous)$/, ''), value);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }
}
