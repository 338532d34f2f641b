import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CheckCompanyAccess,
  CompanyCreatedData,
  EventEnvelope,
  IntegrationsTenantResponse,
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
      .values({ companyId: event.data.companyId, companyName: event.data.name, sourceEventId: event.eventId })
      .orIgnore()
      .execute();
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
