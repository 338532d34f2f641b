import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import {
  IntegrationErrorResponse,
  IntegrationPageRequest,
  ListIntegrationErrors,
  ListSyncRuns,
  SyncRunResponse,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { IntegrationsService } from '../connections/integrations.service';
import { IntegrationErrorEntity, PsaJobEntity } from './psa-job.entity';

/** Recent errors (newest first) and the runs of the PSA job queue (billing syncs, tickets). */
@Controller()
export class SyncRunsHandler {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly dataSource: DataSource,
  ) {}

  @RpcHandler(ListIntegrationErrors)
  async errors(@Payload() request: IntegrationPageRequest, @RpcMeta() meta: RequestMeta) {
    const integration = await this.integrations.resolvePsa(request, meta);
    const [rows, total] = await this.dataSource.getRepository(IntegrationErrorEntity).findAndCount({
      where: { integrationId: integration.id },
      order: { occurredAt: 'DESC' },
      take: request.limit,
      skip: request.skip,
    });
    const items: IntegrationErrorResponse[] = rows.map((e) => ({
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      companyId: e.companyId,
      operation: e.operation,
      message: e.message,
      jobId: e.jobId,
    }));
    return { items, total, limit: request.limit, skip: request.skip };
  }

  @RpcHandler(ListSyncRuns)
  async runs(@Payload() request: IntegrationPageRequest, @RpcMeta() meta: RequestMeta) {
    const integration = await this.integrations.resolvePsa(request, meta);
    const [rows, total] = await this.dataSource.getRepository(PsaJobEntity).findAndCount({
      where: { integrationId: integration.id },
      order: { createdAt: 'DESC' },
      take: request.limit,
      skip: request.skip,
    });
    const items: SyncRunResponse[] = rows.map((j) => ({
      id: j.id,
      kind: j.kind,
      companyId: j.companyId,
      status: j.status,
      quantity: typeof j.payload.quantity === 'number' ? j.payload.quantity : null,
      attempts: j.attempts,
      nextAttemptAt: j.status === 'pending' || j.status === 'retrying' ? j.nextAttemptAt.toISOString() : null,
      lastError: j.lastError,
      result: j.result,
      createdAt: j.createdAt.toISOString(),
      finishedAt: j.finishedAt?.toISOString() ?? null,
    }));
    return { items, total, limit: request.limit, skip: request.skip };
  }
}
