import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiScope, AppError } from '@roster/contracts';
import { Actor, IS_PUBLIC, isApiTokenActor } from '@roster/security';
import { REQUIRED_SCOPES } from './require-scopes.decorator';

/** Global, after authentication: limits API-token requests to routes and scopes declared with `@RequireScopes`. */
@Injectable()
export class ScopesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (!isApiTokenActor(actor)) return true;
    const required = this.reflector.getAllAndOverride<ApiScope[] | undefined>(REQUIRED_SCOPES, targets);
    if (!required) throw new AppError('FORBIDDEN', 'API tokens cannot be used for this; sign in instead');
    const missing = required.filter((scope) => !actor!.scopes.includes(scope));
    if (missing.length) {
      throw new AppError(
        'FORBIDDEN',
        `This API token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      );
    }
    return true;
  }
}
