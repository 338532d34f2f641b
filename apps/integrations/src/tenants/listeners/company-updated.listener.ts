import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanyUpdated, CompanyUpdatedData, EventEnvelope } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { TenantsService } from '../tenants.service';

/** Keeps the company's name current (mapping suggestions match on it). */
@Injectable()
export class CompanyUpdatedListener {
  constructor(private readonly tenants: TenantsService) {}

  @OnEvent(CompanyUpdated)
  handle(event: EventEnvelope<CompanyUpdatedData>, manager: EntityManager) {
    return this.tenants.rename(event, manager);
  }
}
