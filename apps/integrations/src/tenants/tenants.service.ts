import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CheckCompanyAccess,
  CompanyCreatedData,
  CompanyUpdatedData,
  EventEnvelope,
  IntegrationsTenantResponse,
  MemberChangeData,
} from '@roster/contracts';
import { BusClient, RequestMeta, requireUser } from '@roster/messaging';
import { IntegrationsTenantEntity } from './integrations-tenant.entity';

@Injectable()
export class TenantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
  ) {}

  async open(event: EventEnvelope<CompanyCreatedData>, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(IntegrationsTenantEntity)
      .values({
        companyId: event.data.companyId,
        companyName: event.data.name,
        sourceEventId: event.eventId,
        providerId: event.data.providerId ?? null,
      })
      .orIgnore()
      .execute();
  }

  /** CompanyUpdated: the new name, unless a later update was applied already (or the tenant is not open yet). */
  async rename(event: EventEnvelope<CompanyUpdatedData>, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE integration_tenants SET company_name = $2, name_updated_at = $3
        WHERE company_id = $1 AND (name_updated_at IS NULL OR name_updated_at < $3)`,
      [event.data.companyId, event.data.name, event.data.updatedAt],
    );
  }

  /** Member events: applied only when newer than what is stored for (company, user). */
  async applyMember(data: MemberChangeData, active: boolean, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO integration_members (company_id, user_id, role, sequence, active) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (company_id, user_id) DO UPDATE SET role = $3, sequence = $4, active = $5
        WHERE integration_members.sequence < $4`,
      [data.companyId, data.userId, data.role, data.sequence, active && data.status === 'active'],
    );
  }

  async get(companyId: string, meta: RequestMeta): Promise<IntegrationsTenantResponse> {
    const userId = requireUser(meta);
    await this.bus.request(CheckCompanyAccess, { companyId, userId }, meta);
    const tenant = await this.dataSource.getRepository(IntegrationsTenantEntity).findOneBy({ companyId });
    if (!tenant) throw new AppError('NOT_FOUND', 'No integrations tenant for this company yet');
    return {
      companyId: tenant.companyId,
      companyName: tenant.companyName,
      createdAt: tenant.createdAt.toISOString(),
    };
  }
}
