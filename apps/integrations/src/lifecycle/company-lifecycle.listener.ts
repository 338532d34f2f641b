import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CompanyDeleted,
  CompanyDeletedData,
  CompanyPurged,
  CompanyPurgedData,
  CompanyRestored,
  CompanyRestoredData,
  EventEnvelope,
} from '@roster/contracts';
import { OnEvent } from '@roster/messaging';
import { CompanyLifecycleService } from './company-lifecycle.service';

/** Directory's company deletion, restore and purge: pause, resume or delete what runs for the company. */
@Injectable()
export class CompanyLifecycleListener {
  constructor(private readonly lifecycle: CompanyLifecycleService) {}

  @OnEvent(CompanyDeleted)
  deleted(event: EventEnvelope<CompanyDeletedData>, manager: EntityManager) {
    return this.lifecycle.deleted(event, manager);
  }

  @OnEvent(CompanyRestored)
  restored(event: EventEnvelope<CompanyRestoredData>, manager: EntityManager) {
    return this.lifecycle.restored(event, manager);
  }

  @OnEvent(CompanyPurged)
  async purged(event: EventEnvelope<CompanyPurgedData>, manager: EntityManager) {
    await this.lifecycle.purged(event, manager);
  }
}
