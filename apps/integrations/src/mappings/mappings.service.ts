import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  AppError,
  FieldError,
  IntegrationRef,
  MappingResponse,
  MappingSuggestion,
  PatchMappingsRequest,
  PsaLookupItem,
  SuggestMappingsRequest,
} from '@roster/contracts';
import { RequestMeta, requireUser } from '@roster/messaging';
import { CompanyAccess } from '../connections/company-access';
import { IntegrationsService } from '../connections/integrations.service';
import { ConnectorFactory, toAppError } from '../psa/connector-factory';
import { IntegrationsTenantEntity } from '../tenants/integrations-tenant.entity';
import { bestMatch } from './fuzzy-match';
import { MappingEntity } from './mapping.entity';

const SUGGEST_PAGE_SIZE = 100;
const SUGGEST_MAX_PAGES = 10;

export function toMappingResponse(m: MappingEntity): MappingResponse {
  return {
    organization: { id: m.companyId, name: m.companyName },
    company: { id: m.psaCompanyId, name: m.psaCompanyName },
    agreement: m.agreement,
    addition: m.addition,
    billingConfigurations: m.billing ? { fields: m.billing } : null,
    lastSyncedQuantity: m.lastSyncedQuantity,
    lastSyncedAt: m.lastSyncedAt?.toISOString() ?? null,
    updatedAt: m.updatedAt.toISOString(),
  };
}

/**
 * Roster companies ↔ PSA companies. A PATCH is one batch: every row is checked first (unknown or
 * inaccessible company, missing mapping to delete, fields that do not fit the PSA) and any problem is a
 * 400 naming its row with nothing applied; otherwise all rows apply in one transaction.
 */
@Injectable()
export class MappingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly integrations: IntegrationsService,
    private readonly access: CompanyAccess,
    private readonly connectors: ConnectorFactory,
  ) {}

  async list(ref: IntegrationRef, meta: RequestMeta): Promise<{ items: MappingResponse[] }> {
    const integration = await this.integrations.resolvePsa(ref, meta);
    const rows = await this.dataSource
      .getRepository(MappingEntity)
      .find({ where: { integrationId: integration.id }, order: { companyName: 'ASC' } });
    return { items: rows.map(toMappingResponse) };
  }

  async patch(request: PatchMappingsRequest, meta: RequestMeta) {
    const integration = await this.integrations.resolvePsa(request, meta);
    const repo = this.dataSource.getRepository(MappingEntity);
    const orgIds = request.data.map((row) => row.organization.id);
    const [tenants, existing] = await Promise.all([
      this.dataSource
        .getRepository(IntegrationsTenantEntity)
        .findBy({ companyId: In(orgIds.filter(isUuid)) }),
      repo.findBy({ integrationId: integration.id, companyId: In(orgIds.filter(isUuid)) }),
    ]);
    const tenantById = new Map(tenants.map((t) => [t.companyId, t]));
    // Which of the named companies the caller manages: asked of directory in parallel, 20 at a time.
    const manageable = new Set<string>();
    const known = [...new Set(orgIds.filter((id) => tenantById.has(id)))];
    for (let i = 0; i < known.length; i += 20)
      await Promise.all(
        known.slice(i, i + 20).map(async (id) => {
          if (await this.access.canManage(id, meta)) manageable.add(id);
        }),
      );
    const existingById = new Map(existing.map((m) => [m.companyId, m]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const isSyncro = integration.type === 'syncro';

    for (const [i, row] of request.data.entries()) {
      const at = `data.${i}`;
      const id = row.organization.id;
      if (!isUuid(id)) {
        errors.push({ field: `${at}.organization.id`, message: `unknown company ${id}` });
        continue;
      }
      if (seen.has(id))
        errors.push({ field: `${at}.organization.id`, message: `company ${id} appears twice` });
      seen.add(id);
      if (!manageable.has(id)) {
        errors.push({ field: `${at}.organization.id`, message: `unknown company ${id}` });
        continue;
      }
      if (row.delete) {
        if (!existingById.has(id))
          errors.push({ field: `${at}.organization.id`, message: `company ${id} has no mapping to delete` });
        continue;
      }
      if (!row.company) errors.push({ field: `${at}.company`, message: 'is required unless delete is true' });
      if (isSyncro && (row.agreement || row.addition))
        errors.push({
          field: `${at}.agreement`,
          message: 'Syncro maps billing through billingConfigurations',
        });
      if (!isSyncro && row.billingConfigurations)
        errors.push({
          field: `${at}.billingConfigurations`,
          message: `only Syncro takes billingConfigurations`,
        });
      if (row.addition && !row.agreement)
        errors.push({ field: `${at}.addition`, message: 'an addition needs its agreement' });
    }
    // The PSA companies named must exist in the PSA (asked once per distinct id, 10 at a time).
    if (!errors.length) {
      const connector = await this.connectors.connectorFor(integration);
      const wanted = [
        ...new Set(request.data.filter((r) => !r.delete && r.company).map((r) => r.company!.id)),
      ];
      const psaNames = new Map<string, string>();
      try {
        for (let i = 0; i < wanted.length; i += 10)
          await Promise.all(
            wanted.slice(i, i + 10).map(async (id) => {
              const found = await connector.findCompany(id);
              if (found) psaNames.set(id, found.name);
            }),
          );
      } catch (error) {
        throw toAppError(error);
      }
      for (const [i, row] of request.data.entries()) {
        if (row.delete || !row.company) continue;
        const name = psaNames.get(row.company.id);
        if (name === undefined)
          errors.push({
            field: `data.${i}.company.id`,
            message: `unknown ${integration.type} company ${row.company.id}`,
          });
        else row.company.name ??= name;
      }
    }
    if (errors.length)
      throw new AppError(
        'VALIDATION_FAILED',
        `${errors.length} mapping row(s) rejected; nothing was changed`,
        errors,
      );

    const counts = { created: 0, updated: 0, deleted: 0 };
    await this.dataSource.transaction(async (manager) => {
      for (const row of request.data) {
        const id = row.organization.id;
        const current = existingById.get(id);
        if (row.delete) {
          await manager.delete(MappingEntity, { id: current!.id });
          counts.deleted++;
          continue;
        }
        const values = {
          companyName: tenantById.get(id)!.companyName,
          psaCompanyId: row.company!.id,
          psaCompanyName: row.company!.name ?? row.company!.id,
          agreement: row.agreement
            ? { id: row.agreement.id, name: row.agreement.name ?? row.agreement.id }
            : null,
          addition: row.addition ? { id: row.addition.id, name: row.addition.name ?? row.addition.id } : null,
          billing: row.billingConfigurations ? { ...row.billingConfigurations.fields } : null,
        };
        if (current) {
          await manager.update(MappingEntity, { id: current.id }, values);
          counts.updated++;
        } else {
          await manager.insert(MappingEntity, {
            id: randomUUID(),
            integrationId: integration.id,
            companyId: id,
            lastSyncedQuantity: null,
            lastSyncedAt: null,
            ...values,
          });
          counts.created++;
        }
      }
    });
    return { ...counts, ...(await this.list(request, meta)) };
  }

  /** A dry run: the best PSA company by name for each Roster company; nothing is stored. */
  async suggest(request: SuggestMappingsRequest, meta: RequestMeta): Promise<{ items: MappingSuggestion[] }> {
    const integration = await this.integrations.resolvePsa(request, meta);
    const userId = requireUser(meta);
    const threshold = request.threshold ?? 0.6;
    let companyIds = request.companyIds;
    if (!companyIds) {
      const rows: Array<{ company_id: string }> = await this.dataSource.query(
        `SELECT company_id FROM integration_members WHERE user_id = $1 AND active AND role IN ('owner', 'admin')`,
        [userId],
      );
      companyIds = [...new Set([integration.companyId, ...rows.map((r) => r.company_id)])];
    }
    const allowed: string[] = [];
    for (const id of companyIds) if (await this.access.canManage(id, meta)) allowed.push(id);
    const tenants = await this.dataSource
      .getRepository(IntegrationsTenantEntity)
      .find({ where: { companyId: In(allowed) }, order: { companyName: 'ASC' } });
    const mapped = new Set(
      (
        await this.dataSource
          .getRepository(MappingEntity)
          .findBy({ integrationId: integration.id, companyId: In(allowed) })
      ).map((m) => m.companyId),
    );

    const connector = await this.connectors.connectorFor(integration);
    const psaCompanies: PsaLookupItem[] = [];
    try {
      for (let page = 1; page <= SUGGEST_MAX_PAGES; page++) {
        const result = await connector.lookup('companies', {
          page,
          pageSize: SUGGEST_PAGE_SIZE,
          companyTypeIds: integration.settings.companyTypeIds,
        });
        psaCompanies.push(...result.items);
        if (!result.hasMore) break;
      }
    } catch (error) {
      throw toAppError(error);
    }
    return {
      items: tenants.map((t) => {
        const match = bestMatch(t.companyName, psaCompanies, threshold);
        return {
          organization: { id: t.companyId, name: t.companyName },
          company: match ? { id: match.candidate.id, name: match.candidate.name } : null,
          score: match?.score ?? 0,
          alreadyMapped: mapped.has(t.companyId),
        };
      }),
    };
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
