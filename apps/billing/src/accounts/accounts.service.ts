import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  BillingAccountResponse,
  CheckCompanyAccess,
  CompanyCreatedData,
  EventEnvelope,
} from '@roster/contracts';
import { BusClient, RequestMeta, requireUser } from '@roster/messaging';
import { BillingAccountEntity } from './billing-account.entity';

@Injectable()
export class AccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: BusClient,
  ) {}

  async open(event: EventEnvelope<CompanyCreatedData>, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(BillingAccountEntity)
      .values({ companyId: event.data.companyId, status: 'active', sourceEventId: event.eventId })
      .orIgnore()
      .execute();
  }

  /** Directory owns memberships: it answers 404 for non-members, which we pass on. */
  async get(companyId: string, meta: RequestMeta): Promise<BillingAccountResponse> {
    const userId = requireUser(meta);
    await this.bus.request(CheckCompanyAccess, { companyId, userId }, meta);
    const account = await this.dataSource.getRepository(BillingAccountEntity).findOneBy({ companyId });
    if (!account) throw new AppError('NOT_FOUND', 'No billing account for this company yet');
    return {
      companyId: account.companyId,
      status: account.status,
      createdAt: account.createdAt.toISOString(),
    };
  }
}
