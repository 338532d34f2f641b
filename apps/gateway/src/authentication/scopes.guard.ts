import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiScope, AppError } from '@roster/contracts';
import { Actor, IS_PUBLIC, isScopeLimited } from '@roster/security';
import { ALLOW_TWO_FACTOR_ENROLLMENT, REQUIRED_SCOPES } from './require-scopes.decorator';

/**
 * Global, after authentication: limits scoped credentials (API tokens, OAuth applications' tokens,
 * impersonation) to routes and scopes declared with `@RequireScopes`.
 */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (!isScopeLimited(actor)) return true;
    if (actor!.credential === 'restricted') {
      if (this.reflector.getAllAndOverride<boolean>(ALLOW_TWO_FACTOR_ENROLLMENT, targets)) return true;
      throw new AppError(
        'FORBIDDEN',
        'A company you belong to requires two-factor authentication: set it up at /me/2fa first, then refresh',
      );
    }
    const required = this.reflector.getAllAndOverride<ApiScope[] | undefined>(REQUIRED_SCOPES, targets);
    if (!required) {
      throw new AppError(
        'FORBIDDEN',
        actor!.credential === 'api_token'
          ? 'API tokens cannot be used for this; sign in instead'
          : 'This token cannot be used for this; sign in with your own session instead',
      );
    }
    const missing = required.filter((scope) => !actor!.scopes.includes(scope));
    if (missing.length) {
      throw new AppError(
        'FORBIDDEN',
        `This token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      );
    }
    return true;
  }
}
