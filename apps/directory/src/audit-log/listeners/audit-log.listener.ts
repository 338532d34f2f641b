import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@roster/contracts';
import { OnEventPattern } from '@roster/messaging';
import { AuditLogService } from '../audit-log.service';

/** Every event of every context's stream, durably, into the company audit log (see AuditLogService.record). */
@Injectable()
export class AuditLogListener {
  constructor(private readonly auditLog: AuditLogService) {}

  @OnEventPattern('directory.events.>')
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
