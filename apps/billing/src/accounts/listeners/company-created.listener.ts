import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CompanyCreated, CompanyCreatedData, EventEnvelope } from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { AccountsService } from '../accounts.service';

@Injectable()
export class CompanyCreatedListener {
  constructor(private readonly accounts: AccountsService) {}

  @OnEvent(CompanyCreated)
  handle(event: EventEnvelope<CompanyCreatedData>, manager: EntityManager) {
    return this.accounts.open(event, manager);
  }
}
