import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { AppError } from '@roster/contracts';

/** The owner a route names: `/companies/{companyId}/…` or `/providers/{providerId}/…`. */
export type RouteScopeRef = { companyId: string } | { providerId: string };
export type RouteIntegrationRef<T extends string = string> = RouteScopeRef & {
  type: T;
  integrationId: string;
};

function uuidOf(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (!isUUID(value))
    throw new AppError('VALIDATION_FAILED', `${name}: must be a UUID`, [
      { field: name, message: 'must be a UUID' },
    ]);
  return value;
}

function scopeOf(params: Record<string, string>): RouteScopeRef {
  return params.providerId !== undefined
    ? { providerId: uuidOf(params, 'providerId') }
    : { companyId: uuidOf(params, 'companyId') };
}

const paramsOf = (ctx: ExecutionContext) =>
  ctx.switchToHttp().getRequest<{ params: Record<string, string> }>().params;

/** `{companyId}` or `{providerId}` from the path; a malformed id is a 400 naming it. */
export const RouteScope = createParamDecorator((_: unknown, ctx: ExecutionContext): RouteScopeRef =>
  scopeOf(paramsOf(ctx)),
);

interface IntegrationParamSpec {
  types: readonly string[];
  integrationId: boolean;
  alertId: boolean;
}
const integrationParam = createParamDecorator(
  (spec: IntegrationParamSpec, ctx: ExecutionContext): Record<string, string> => {
    const params = paramsOf(ctx);
    const scope = scopeOf(params);
    if (!spec.types.includes(params.type))
      throw new AppError('NOT_FOUND', `No integration type "${params.type}" here`);
    return {
      ...scope,
      type: params.type,
      ...(spec.integrationId ? { integrationId: uuidOf(params, 'integrationId') } : {}),
      ...(spec.alertId ? { alertId: uuidOf(params, 'alertId') } : {}),
    };
  },
);

/**
 * The scope plus `:type` and `:integrationId` (and `:alertId` when asked). `:type` must be one of `types`
 * (else 404: there is no such route for it); ids must be UUIDs (else 400). Checked in path order.
 */
export const RouteIntegration = (
  types: readonly string[],
  options: { integrationId?: boolean; alertId?: boolean } = {},
) =>
  integrationParam({
    types,
    integrationId: options.integrationId ?? true,
    alertId: options.alertId ?? false,
  });

/**
 * OpenAPI for `{type}/{integrationId}` (custom parameter decorators are not seen by Swagger; the scope
 * parameter, `{companyId}` or `{providerId}`, is completed per path in openapi.ts).
 */
export const ApiIntegrationParams = (types: readonly string[]) =>
  applyDecorators(
    ApiParam({ name: 'type', enum: [...types] }),
    ApiParam({ name: 'integrationId', format: 'uuid' }),
  );
