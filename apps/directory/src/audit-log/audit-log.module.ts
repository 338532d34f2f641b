import { Module } from '@nestjs/common';
import { AuditLogHandler } from './audit-log.handler';
import { AuditLogService } from './audit-log.service';
import { AuditLogListener } from './listeners/audit-log.listener';

@Module({ controllers: [AuditLogHandler], providers: [AuditLogService, AuditLogListener] })
export class AuditLogModule {}
