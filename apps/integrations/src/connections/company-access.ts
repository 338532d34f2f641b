import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppError,
  CheckCompanyAccess,
  CheckProviderAccess,
  CompanyAccessResponse,
  ListProviderCustomers,
  ScopeRequest,
} from '@roster/contracts';
import { BusClient, RequestMeta, requireUser } from '@roster/messaging';

/** The owner of an integration or webhook endpoint: a company, or a provider (MSP). */
export type Scope =
  | { kind: 'company'; companyId: string; providerId: null }
  | { kind: 'provider'; providerId: string; companyId: null };

/** The scope a request names; exactly one of `companyId` and `providerId` (the gateway sets one). */
export function scopeOf(request: ScopeRequest): Scope {
  if (request.companyId && !request.providerId)
    return { kind: 'company', companyId: request.companyId, providerId: null };
  if (request.providerId && !request.companyId)
    return { kind: 'provider', providerId: request.providerId, companyId: null };
  throw new AppError('VALIDATION_FAILED', 'Exactly one of companyId and providerId', [
    { field: 'companyId', message: 'exactly one of companyId and providerId' },
  ]);
}

/** `company_id = $n` or `provider_id = $n`, for raw SQL on tables with both columns. */
export function scopeColumn(scope: Scope): 'company_id' | 'provider_id' {
  return scope.kind === 'company' ? 'company_id' : 'provider_id';
}
export function scopeId(scope: Scope): string {
  return scope.kind === 'company' ? scope.companyId : scope.providerId;
}

/**
 * Who manages integrations and webhooks, as directory says. Company scope: the company's owners and admins
 * (members, or administrators of its provider): member → 403, not a member → 404. Provider scope: the
 * provider's administrators (`CheckProviderAccess`); anyone else → 404. Anonymous → 401.
 */
@Injectable()
export class CompanyAccess {
  constructor(
    private readonly bus: BusClient,
    private readonly dataSource: DataSource,
  ) {}

  async requireManager(companyId: string, meta: RequestMeta): Promise<CompanyAccessResponse> {
    const userId = requireUser(meta);
    const access = await this.bus.request(CheckCompanyAccess, { companyId, userId }, meta);
    if (access.role !== 'owner' && access.role !== 'admin')
      throw new AppError(
        'FORBIDDEN',
        `Your role (${access.role}) may not manage this company's integrations`,
      );
    return access;
  }

  /** The request's scope, after checking that the caller manages it. */
  async requireScope(request: ScopeRequest, meta: RequestMeta): Promise<Scope> {
    const scope = scopeOf(request);
    if (scope.kind === 'company') await this.requireManager(scope.companyId, meta);
    else await this.requireProviderAdmin(scope.providerId, meta);
    return scope;
  }

  async requireProviderAdmin(providerId: string, meta: RequestMeta): Promise<void> {
    const userId = requireUser(meta);
    const access = await this.bus.request(CheckProviderAccess, { providerId, userId }, meta);
    if (access.role !== 'admin')
      throw new AppError('FORBIDDEN', 'Only the provider’s administrators manage its integrations');
  }

  /**
   * The provider's live customer companies (id → name), from directory. Also records the provider of
   * each known tenant, so provider endpoints hear companies created before integrations learnt it.
   */
  async providerCustomers(providerId: string, meta: RequestMeta): Promise<Map<string, string>> {
    const { customers } = await this.bus.request(ListProviderCustomers, { providerId }, meta);
    if (customers.length)
      await this.dataSource.query(
        `UPDATE integration_tenants SET provider_id = $1
          WHERE company_id = ANY($2::uuid[]) AND provider_id IS DISTINCT FROM $1`,
        [providerId, customers.map((c) => c.companyId)],
      );
    return new Map(customers.map((c) => [c.companyId, c.name]));
  }

  /** True when the caller may manage the company; false when not (404 or 403), without throwing. */
  async canManage(companyId: string, meta: RequestMeta): Promise<boolean> {
    try {
      await this.requireManager(companyId, meta);
      return true;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN'))
        return false;
      throw error;
    }
  }
}
