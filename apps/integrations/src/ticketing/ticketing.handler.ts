import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import {
  AlertConfigurationRequest,
  AlertConfigurationResponse,
  AppError,
  CompanyIntegrationsRequest,
  FieldError,
  GetAlertConfigurationOptions,
  IntegrationPageRequest,
  IntegrationRef,
  ListAlertConfigurations,
  ListPsaTickets,
  ListTicketingAlerts,
  OpenPsaTicket,
  OpenPsaTicketRequest,
  PsaTicketResponse,
  PsaType,
  PutAlertConfiguration,
} from '@roster/contracts';
import { RequestMeta, RpcHandler, RpcMeta } from '@roster/messaging';
import { CompanyAccess } from '../connections/company-access';
import { IntegrationEntity } from '../connections/integration.entity';
import { IntegrationsService } from '../connections/integrations.service';
import { MappingEntity } from '../mappings/mapping.entity';
import { ConnectorFactory, toAppError } from '../psa/connector-factory';
import { alertById, TICKETING_ALERTS } from './alerts';
import { AlertConfigurationEntity, PsaTicketEntity } from './ticketing.entities';

/** Fields each PSA's configuration takes, and which are required (from the PSAs' ticket models). */
const CONFIG_FIELDS: Record<PsaType, { allowed: string[]; required: string[] }> = {
  connectwise: { allowed: ['queue', 'source', 'status', 'dueDays', 'priority'], required: [] },
  autotask: {
    allowed: ['queue', 'source', 'status', 'dueDays', 'priority', 'resource', 'destination'],
    required: ['status', 'dueDays', 'priority', 'destination'],
  },
  syncro: {
    allowed: ['status', 'userId', 'dueDays', 'priority', 'username', 'problemType'],
    required: ['problemType'],
  },
};
const STRING_FIELDS_FOR_SYNCRO = ['status', 'priority'];

@Controller()
export class TicketingHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly integrations: IntegrationsService,
    private readonly access: CompanyAccess,
    private readonly connectors: ConnectorFactory,
  ) {}

  @RpcHandler(ListTicketingAlerts)
  async alerts(@Payload() request: CompanyIntegrationsRequest, @RpcMeta() meta: RequestMeta) {
    await this.access.requireScope(request, meta);
    return { items: TICKETING_ALERTS };
  }

  @RpcHandler(ListAlertConfigurations)
  async configurations(@Payload() request: IntegrationRef, @RpcMeta() meta: RequestMeta) {
    const integration = await this.integrations.resolvePsa(request, meta);
    const stored = await this.dataSource
      .getRepository(AlertConfigurationEntity)
      .findBy({ integrationId: integration.id });
    const byAlert = new Map(stored.map((c) => [c.alertId, c]));
    const items: AlertConfigurationResponse[] = TICKETING_ALERTS.map((alert) => {
      const c = byAlert.get(alert.id);
      return {
        alert,
        configuration: c?.configuration ?? null,
        shouldCreateTickets: c?.shouldCreateTickets ?? false,
        updatedAt: c?.updatedAt.toISOString() ?? null,
      };
    });
    return { items };
  }

  @RpcHandler(GetAlertConfigurationOptions)
  async options(@Payload() request: IntegrationRef, @RpcMeta() meta: RequestMeta) {
    const integration = await this.integrations.resolvePsa(request, meta);
    try {
      return await (await this.connectors.connectorFor(integration)).alertOptions();
    } catch (error) {
      throw toAppError(error);
    }
  }

  @RpcHandler(PutAlertConfiguration)
  async put(
    @Payload() request: AlertConfigurationRequest,
    @RpcMeta() meta: RequestMeta,
  ): Promise<AlertConfigurationResponse> {
    const integration = await this.integrations.resolvePsa(request, meta);
    const alert = alertById(request.alertId);
    if (!alert) throw new AppError('NOT_FOUND', `No ticketing alert ${request.alertId}`);
    const type = integration.type;
    const fields = CONFIG_FIELDS[type];
    const given = request as unknown as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const f of fields.required)
      if (given[f] === undefined) errors.push({ field: f, message: `is required for ${type}` });
    for (const f of [
      'queue',
      'source',
      'status',
      'dueDays',
      'priority',
      'resource',
      'destination',
      'problemType',
      'userId',
      'username',
    ])
      if (given[f] !== undefined && !fields.allowed.includes(f))
        errors.push({ field: f, message: `is not a ${type} ticket setting` });
    for (const f of ['status', 'priority'])
      if (given[f] !== undefined) {
        const wantString = type === 'syncro' && STRING_FIELDS_FOR_SYNCRO.includes(f);
        const ok = wantString
          ? typeof given[f] === 'string'
          : typeof given[f] === 'object' && given[f] !== null;
        if (!ok)
          errors.push({
            field: f,
            message: wantString ? 'must be a string' : 'must be an object {id, name}',
          });
      }
    if (errors.length)
      throw new AppError('VALIDATION_FAILED', 'The alert configuration is not valid', errors);
    const configuration = Object.fromEntries(
      fields.allowed.filter((f) => given[f] !== undefined).map((f) => [f, given[f]]),
    );
    const repo = this.dataSource.getRepository(AlertConfigurationEntity);
    await this.dataSource.query(
      `INSERT INTO alert_configurations (integration_id, alert_id, should_create_tickets, configuration)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (integration_id, alert_id)
       DO UPDATE SET should_create_tickets = $3, configuration = $4, updated_at = now()`,
      [integration.id, alert.id, request.shouldCreateTickets, JSON.stringify(configuration)],
    );
    const saved = await repo.findOneByOrFail({ integrationId: integration.id, alertId: alert.id });
    return {
      alert,
      configuration: saved.configuration,
      shouldCreateTickets: saved.shouldCreateTickets,
      updatedAt: saved.updatedAt.toISOString(),
    };
  }

  @RpcHandler(ListPsaTickets)
  async tickets(@Payload() request: IntegrationPageRequest, @RpcMeta() meta: RequestMeta) {
    const integration = await this.integrations.resolvePsa(request, meta);
    const [rows, total] = await this.dataSource.getRepository(PsaTicketEntity).findAndCount({
      where: { integrationId: integration.id },
      order: { createdAt: 'DESC' },
      take: request.limit,
      skip: request.skip,
    });
    return {
      items: rows.map((t) => ({
        id: t.id,
        alertId: t.alertId,
        subject: t.subject,
        companyId: t.companyId,
        psaTicketId: t.psaTicketId,
        status: t.status,
        summary: t.summary,
        createdAt: t.createdAt.toISOString(),
      })),
      total,
      limit: request.limit,
      skip: request.skip,
    };
  }

  /**
   * For recipes (a service actor inside integrations): opens a ticket for the company in the PSA that maps
   * it (or, with `ticketId`, adds a note to that ticket). Synchronous, bounded by PSA_TIMEOUT_MS.
   */
  @RpcHandler(OpenPsaTicket)
  async open(
    @Payload() request: OpenPsaTicketRequest,
    @RpcMeta() meta: RequestMeta,
  ): Promise<PsaTicketResponse> {
    if (meta.actor.type !== 'service') {
      throw new AppError(
        meta.actor.type === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        'Internal operation',
      );
    }
    const qb = this.dataSource
      .getRepository(MappingEntity)
      .createQueryBuilder('m')
      .innerJoinAndMapOne('m.integration', IntegrationEntity, 'i', 'i.id = m.integration_id')
      .where('m.company_id = :companyId', { companyId: request.companyId })
      .orderBy('m.created_at', 'ASC');
    if (request.psaType) qb.andWhere('i.type = :type', { type: request.psaType });
    const mapping = (await qb.getOne()) as (MappingEntity & { integration: IntegrationEntity }) | null;
    if (!mapping) throw new AppError('NOT_FOUND', 'The company is not mapped in any PSA integration');
    const integration = mapping.integration;
    try {
      const connector = await this.connectors.connectorFor(integration);
      if (request.ticketId) {
        await connector.addTicketNote(request.ticketId, request.summary, request.description ?? '');
        return {
          psaType: integration.type as PsaType,
          integrationId: integration.id,
          ticketId: request.ticketId,
          created: false,
        };
      }
      const ticketId = await connector.openTicket({
        psaCompanyId: mapping.psaCompanyId,
        summary: request.summary,
        description: request.description ?? request.summary,
        configuration: {},
      });
      await this.dataSource.getRepository(PsaTicketEntity).insert({
        id: randomUUID(),
        integrationId: integration.id,
        alertId: null,
        subject: `recipe:${ticketId}`,
        companyId: request.companyId,
        psaTicketId: ticketId,
        status: 'open',
        summary: request.summary,
      });
      return { psaType: integration.type as PsaType, integrationId: integration.id, ticketId, created: true };
    } catch (error) {
      throw toAppError(error);
    }
  }
}
