import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanyCreated, CompanyCreatedData, EventEnvelope } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { TenantsService } from '../tenants.service';

@Injectable()
export class CompanyCreatedListener {
  constructor(private readonly tenants: TenantsService) {}

  @OnEvent(CompanyCreated)
  handle(event: EventEnvelope<CompanyCreatedData>, manager: EntityManager) {
    return this.tenants.open(event, manager);
  }
}
