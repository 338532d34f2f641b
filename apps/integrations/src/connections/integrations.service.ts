import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  CreatePsaIntegrationRequest,
  EventContract,
  IntegrationChangedData,
  IntegrationCreated,
  IntegrationDeleted,
  IntegrationRef,
  IntegrationResponse,
  IntegrationUpdated,
  PsaType,
  ScopeRequest,
  UpdateIntegrationRequest,
} from '@roster/contracts';
import { eventMetaOf, OutboxService, RequestMeta } from '@roster/messaging';
import { ConnectorFactory, Secrets, toAppError } from '../psa/connector-factory';
import { CompanyAccess, Scope } from './company-access';
import { IntegrationEntity } from './integration.entity';

const PSA_NAMES: Record<PsaType, string> = {
  connectwise: 'ConnectWise',
  autotask: 'Autotask',
  syncro: 'Syncro',
};

/** Which request fields are settings (kept readable) and which are secrets (sealed), per PSA. */
const FIELDS: Record<PsaType, { config: Record<string, string>; secrets: Record<string, string> }> = {
  // request field (UpdateIntegrationRequest) → stored key
  connectwise: {
    config: { url: 'url', psaCompanyId: 'companyId', clientId: 'clientId' },
    secrets: { publicKey: 'publicKey', privateKey: 'privateKey' },
  },
  autotask: {
    config: { url: 'url', username: 'username', integrationCode: 'integrationCode' },
    secrets: { secret: 'secret' },
  },
  syncro: { config: { url: 'url', subdomain: 'subdomain' }, secrets: { apiToken: 'apiToken' } },
};

/** The owner columns of a scope: `{companyId}` or `{providerId}` (the other one null). */
export function ownerOf(scope: Scope): { companyId: string | null; providerId: string | null } {
  return { companyId: scope.companyId, providerId: scope.providerId };
}
/** A find condition for the scope's rows. */
export function ownedBy(scope: Scope): { companyId: string } | { providerId: string } {
  return scope.kind === 'company' ? { companyId: scope.companyId } : { providerId: scope.providerId };
}

export function toIntegrationResponse(e: IntegrationEntity): IntegrationResponse {
  return {
    id: e.id,
    companyId: e.companyId,
    providerId: e.providerId,
    type: e.type,
    kind: e.kind,
    name: e.name,
    status: e.status,
    config: Object.fromEntries(Object.entries(e.config).filter(([k]) => k !== 'state')),
    secretsStored: e.secretNames,
    settings: e.settings,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

@Injectable()
export class IntegrationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CompanyAccess,
    private readonly connectors: ConnectorFactory,
    private readonly outbox: OutboxService,
  ) {}

  /** Saves (or deletes) the integration and announces it (audit log) in one transaction. */
  private async change(
    event: EventContract<IntegrationChangedData>,
    entity: IntegrationEntity,
    changed: string[],
    meta: RequestMeta,
  ): Promise<IntegrationEntity> {
    return this.dataSource.transaction(async (manager: EntityManager) => {
      let saved = entity;
      // Deleting cascades to mappings, jobs, errors, alert settings and tickets.
      if (event === IntegrationDeleted) await manager.delete(IntegrationEntity, { id: entity.id });
      else saved = await manager.save(IntegrationEntity, entity);
      await this.outbox.add(
        manager,
        event,
        {
          integrationId: saved.id,
          companyId: saved.companyId,
          providerId: saved.providerId,
          type: saved.type,
          name: saved.name,
          status: saved.status,
          changed,
        },
        eventMetaOf(meta, saved.companyId),
      );
      return saved;
    });
  }

  private get repo() {
    return this.dataSource.getRepository(IntegrationEntity);
  }

  /** The integration named by the route, after the caller's access to its scope (company or provider) is checked. */
  async resolve(ref: IntegrationRef, meta: RequestMeta): Promise<IntegrationEntity> {
    const scope = await this.access.requireScope(ref, meta);
    const found = await this.repo.findOneBy({ id: ref.integrationId, type: ref.type, ...ownedBy(scope) });
    if (!found) throw new AppError('NOT_FOUND', 'Integration not found');
    return found;
  }

  async resolvePsa(ref: IntegrationRef, meta: RequestMeta): Promise<IntegrationEntity & { type: PsaType }> {
    const found = await this.resolve(ref, meta);
    if (found.kind !== 'psa') throw new AppError('NOT_FOUND', 'Integration not found');
    return found as IntegrationEntity & { type: PsaType };
  }

  async list(request: ScopeRequest, meta: RequestMeta): Promise<{ items: IntegrationResponse[] }> {
    const scope = await this.access.requireScope(request, meta);
    const rows = await this.repo.find({ where: ownedBy(scope), order: { createdAt: 'ASC' } });
    return { items: rows.map(toIntegrationResponse) };
  }

  async get(ref: IntegrationRef, meta: RequestMeta): Promise<IntegrationResponse> {
    return toIntegrationResponse(await this.resolve(ref, meta));
  }

  async create(request: CreatePsaIntegrationRequest, meta: RequestMeta): Promise<IntegrationResponse> {
    const scope = await this.access.requireScope(request, meta);
    const credentials = request[request.type] as unknown as Record<string, string> | undefined;
    if (!credentials)
      throw new AppError('VALIDATION_FAILED', `${request.type}: credentials are required`, [
        { field: request.type, message: 'is required' },
      ]);
    const { config, secrets } = this.split(request.type, {
      ...credentials,
      ...(request.type === 'connectwise' ? { psaCompanyId: credentials.companyId } : {}),
    });
    await this.validateAgainstPsa(request.type, config, secrets);
    const id = randomUUID();
    const entity = this.repo.create({
      id,
      ...ownerOf(scope),
      type: request.type,
      kind: 'psa',
      name: request.name ?? PSA_NAMES[request.type],
      status: 'active',
      config,
      sealedSecrets: this.connectors.seal(id, secrets),
      secretNames: Object.keys(secrets).sort(),
      settings: { companyTypeIds: [], automaticTicketing: false },
    });
    return toIntegrationResponse(await this.change(IntegrationCreated, entity, [], meta));
  }

  async update(request: UpdateIntegrationRequest, meta: RequestMeta): Promise<IntegrationResponse> {
    const entity = await this.resolve(request, meta);
    const changedFields: string[] = [];
    if (request.name !== undefined) {
      entity.name = request.name;
      changedFields.push('name');
    }
    if (entity.kind === 'psa') {
      const type = entity.type as PsaType;
      const allowed = new Set([...Object.keys(FIELDS[type].config), ...Object.keys(FIELDS[type].secrets)]);
      const others = ['url', 'psaCompanyId', 'publicKey', 'privateKey', 'clientId', 'username', 'secret']
        .concat(['integrationCode', 'subdomain', 'apiToken'])
        .filter((f) => !allowed.has(f) && (request as unknown as Record<string, unknown>)[f] !== undefined);
      if (others.length)
        throw new AppError(
          'VALIDATION_FAILED',
          `${type} does not take ${others.join(', ')}`,
          others.map((field) => ({ field, message: `not a ${type} setting` })),
        );
      const patch = this.split(type, request as unknown as Record<string, string>);
      const changed = Object.keys(patch.config).length + Object.keys(patch.secrets).length > 0;
      if (changed) {
        const config = { ...entity.config, ...patch.config };
        const secrets = { ...(await this.connectors.secretsOf(entity)), ...patch.secrets };
        await this.validateAgainstPsa(type, config, secrets);
        entity.config = config;
        entity.sealedSecrets = this.connectors.seal(entity.id, secrets);
        entity.secretNames = Object.keys(secrets).sort();
        changedFields.push(...Object.keys(patch.config), ...Object.keys(patch.secrets));
      }
    }
    return toIntegrationResponse(await this.change(IntegrationUpdated, entity, changedFields.sort(), meta));
  }

  async delete(ref: IntegrationRef, meta: RequestMeta): Promise<{ deleted: true }> {
    const entity = await this.resolve(ref, meta);
    await this.change(IntegrationDeleted, entity, [], meta);
    return { deleted: true };
  }

  private split(type: PsaType, values: Record<string, string | undefined>) {
    const config: Record<string, string> = {};
    const secrets: Secrets = {};
    for (const [field, key] of Object.entries(FIELDS[type].config))
      if (values[field] !== undefined) config[key] = values[field]!;
    for (const [field, key] of Object.entries(FIELDS[type].secrets))
      if (values[field] !== undefined) secrets[key] = values[field]!;
    return { config, secrets };
  }

  private async validateAgainstPsa(type: PsaType, config: Record<string, string>, secrets: Secrets) {
    try {
      await this.connectors.build(type, config, secrets).validate();
    } catch (error) {
      throw toAppError(error);
    }
  }
}
