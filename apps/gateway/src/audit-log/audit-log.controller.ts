import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ExportAuditLog, ListAuditEventCodes, ListAuditLog, ListMemberAuditLog } from '@roster/contracts';
import { parseListQuery } from '@roster/http';
import { BusClient, RequestMeta } from '@roster/messaging';
import { RequireScopes } from '../authentication/require-scopes.decorator';
import { ApiProblems } from '../common/api-problems.decorator';
import { ListQueryDto } from '../common/list-query.dto';
import { uuidParam } from '../common/parse-uuid.pipe';
import { Meta } from '../common/request-meta.decorator';
import {
  AUDIT_LIST_SPEC,
  AuditEventCodeListDto,
  AuditExportQueryDto,
  AuditPageDto,
} from './dto/audit-entry.dto';

const company = () => Param('companyId', uuidParam('companyId'));
const FILTERS =
  'Newest first; filter `type`, `actorId`, `actorType`, `subjectType`, `subjectId`, `occurredAt`';

/**
 * The company's audit log: every directory change and the auth, billing and integrations events that concern
 * the company, with actor, subject, IP, user agent and time. For the company's admins (and its provider's).
 */
@ApiTags('audit-log')
@ApiBearerAuth()
@Controller('companies/:companyId')
export class AuditLogController {
  constructor(private readonly bus: BusClient) {}

  @Get('log')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: AuditPageDto, description: FILTERS })
  @ApiProblems(400, 401, 403, 404)
  list(@company() companyId: string, @Query() query: ListQueryDto, @Meta() meta: RequestMeta) {
    return this.bus.request(ListAuditLog, { companyId, query: parseListQuery(query, AUDIT_LIST_SPEC) }, meta);
  }

  @Get('log/events')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: AuditEventCodeListDto, description: 'The catalogue of event codes (`type`)' })
  @ApiProblems(400, 401, 403, 404)
  events(@company() companyId: string, @Meta() meta: RequestMeta) {
    return this.bus.request(ListAuditEventCodes, { companyId }, meta);
  }

  @Get('log/export')
  @RequireScopes('companies:read')
  @Header('cache-control', 'no-store')
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({
    description: `The whole filtered log as CSV or JSON lines (at most 50 000 rows). ${FILTERS}`,
  })
  @ApiProblems(400, 401, 403, 404)
  async export(
    @company() companyId: string,
    @Query() query: AuditExportQueryDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { format = 'csv', ...list } = query;
    const result = await this.bus.request(
      ExportAuditLog,
      { companyId, format, query: parseListQuery(list, AUDIT_LIST_SPEC) },
      meta,
    );
    void reply
      .header('content-type', result.contentType)
      .header('content-disposition', `attachment; filename="company-log.${format}"`)
      .header('x-export-rows', String(result.rows))
      .header('x-export-truncated', String(result.truncated));
    return result.body;
  }

  @Get('members/:userId/activity')
  @RequireScopes('companies:read')
  @ApiOkResponse({ type: AuditPageDto, description: `Entries about the member. ${FILTERS}` })
  @ApiProblems(400, 401, 403, 404)
  member(
    @company() companyId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @Query() query: ListQueryDto,
    @Meta() meta: RequestMeta,
  ) {
    return this.bus.request(
      ListMemberAuditLog,
      { companyId, userId, query: parseListQuery(query, AUDIT_LIST_SPEC) },
      meta,
    );
  }
}
