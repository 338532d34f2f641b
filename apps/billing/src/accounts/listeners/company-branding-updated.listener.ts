import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanyBrandingUpdated, CompanyBrandingUpdatedData, EventEnvelope } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { BillingDetailsService } from '../billing-details.service';

@Injectable()
export class CompanyBrandingUpdatedListener {
  constructor(private readonly details: BillingDetailsService) {}

  @OnEvent(CompanyBrandingUpdated)
  handle(event: EventEnvelope<CompanyBrandingUpdatedData>, manager: EntityManager) {
    return this.details.fromBranding(event, manager);
  }
}
