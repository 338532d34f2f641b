import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { OnEventPattern } from '@roster/messaging';
import { AuditLogService } from '../audit-log.service';

/**
 * Every event of every context's stream into the company audit log (see AuditLogService.record): directory's
 * own in the transaction of the change that records them, the other contexts' from their streams, durably.
 */
@Injectable()
export class AuditLogListener {
  constructor(private readonly auditLog: AuditLogService) {}

  @OnEventPattern('directory.events.>', { inTransaction: true })
  directory(event: EventEnvelope, manager: EntityManager) {
    return this.auditLog.record(event, manager);
  }

  @OnEventPattern('auth.events.>')
  auth(event: EventEnvelope, manager: EntityManager) {
    return this.auditLog.record(event, manager);
  }

  @OnEventPattern('billing.events.>')
  billing(event: EventEnvelope, manager: EntityManager) {
    return this.auditLog.record(event, manager);
  }

  @OnEventPattern('integrations.events.>')
  integrations(event: EventEnvelope, manager: EntityManager) {
    return this.auditLog.record(event, manager);
  }
}
