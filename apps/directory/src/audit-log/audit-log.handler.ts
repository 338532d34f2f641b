import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AuditEventsRequest,
  AuditLogRequest,
  ExportAuditLog,
  ExportAuditLogRequest,
  ListAuditEventCodes,
  ListAuditLog,
  ListMemberAuditLog,
  MemberAuditLogRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser, RpcHandler, RpcMeta } from '@roster/messaging';
import { AuditLogService } from './audit-log.service';

@Controller()
export class AuditLogHandler {
  constructor(private readonly auditLog: AuditLogService) {}

  @RpcHandler(ListAuditLog)
  list(@Payload() request: AuditLogRequest, @RpcMeta() meta: RequestMeta) {
    return this.auditLog.list(requireUser(meta), request.companyId, request.query);
  }

  @RpcHandler(ListMemberAuditLog)
  member(@Payload() request: MemberAuditLogRequest, @RpcMeta() meta: RequestMeta) {
    return this.auditLog.listForMember(requireUser(meta), request.companyId, request.userId, request.query);
  }

  @RpcHandler(ExportAuditLog)
  export(@Payload() request: ExportAuditLogRequest, @RpcMeta() meta: RequestMeta) {
    return this.auditLog.export(requireUser(meta), request.companyId, request.query, request.format);
  }

  @RpcHandler(ListAuditEventCodes)
  codes(@Payload() request: AuditEventsRequest, @RpcMeta() meta: RequestMeta) {
    return this.auditLog.eventCodes(requireUser(meta), request.companyId);
  }
}
