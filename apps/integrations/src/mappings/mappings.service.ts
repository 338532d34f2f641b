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
import { IntegrationEntity } from '../connections/integration.entity';
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

  /**
   * The Roster companies this integration may map, id → name: for a provider's integration its customer
   * companies (directory's list); for a company's, the named ones integrations knows and the caller manages.
   */
  private async mappable(
    integration: IntegrationEntity,
    ids: string[],
    meta: RequestMeta,
  ): Promise<Map<string, string>> {
    if (integration.providerId) {
      const customers = await this.access.providerCustomers(integration.providerId, meta);
      return new Map([...customers].filter(([id]) => ids.includes(id)));
    }
    const tenants = await this.dataSource
      .getRepository(IntegrationsTenantEntity)
      .findBy({ companyId: In(ids.filter(isUuid)) });
    const names = new Map<string, string>();
    // Which of the named companies the caller manages: asked of directory in parallel, 20 at a time.
    for (let i = 0; i < tenants.length; i += 20)
      await Promise.all(
        tenants.slice(i, i + 20).map(async (t) => {
          if (await this.access.canManage(t.companyId, meta)) names.set(t.companyId, t.companyName);
        }),
      );
    return names;
  }

  async patch(request: PatchMappingsRequest, meta: RequestMeta) {
    const integration = await this.integrations.resolvePsa(request, meta);
    const repo = this.dataSource.getRepository(MappingEntity);
    const orgIds = [...new Set(request.data.map((row) => row.organization.id))];
    const [names, existing] = await Promise.all([
      this.mappable(integration, orgIds, meta),
      repo.findBy({ integrationId: integration.id, companyId: In(orgIds.filter(isUuid)) }),
    ]);
    const existingById = new Map(existing.map((m) => [m.companyId, m]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const isSyncro = integration.type === 'syncro';
    const notMappable = (id: string) =>
      integration.providerId ? `company ${id} is not a customer of this provider` : `unknown company ${id}`;

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
      if (!names.has(id)) {
        errors.push({ field: `${at}.organization.id`, message: notMappable(id) });
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
    // What the rows name in the PSA must exist there: companies, agreements (of that company) and
    // additions (of that agreement), each distinct one asked once, 10 at a time.
    if (!errors.length) errors.push(...(await this.checkInPsa(integration, request)));
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
          companyName: names.get(id)!,
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

  /**
   * The PSA side of the rows: the company, the agreement/contract (Syncro: the recurring schedule) of that
   * company and the addition/contract service (Syncro: the schedule's line item) of that agreement must exist
   * in the PSA. Each distinct id is asked once, 10 at a time; names left out are filled from the PSA.
   */
  private async checkInPsa(
    integration: IntegrationEntity,
    request: PatchMappingsRequest,
  ): Promise<FieldError[]> {
    const connector = await this.connectors.connectorFor(integration);
    const noun =
      integration.type === 'syncro'
        ? { agreement: 'schedule', addition: 'line item' }
        : { agreement: 'agreement', addition: 'addition' };
    // Per row: what to look up and where to report it.
    const targets = request.data.map((row, i) => {
      if (row.delete || !row.company) return null;
      const syncro = row.billingConfigurations?.fields;
      return {
        i,
        row,
        agreementId: syncro?.schedule_id ?? row.agreement?.id,
        additionId: syncro?.line_item_id ?? row.addition?.id,
        agreementField: syncro
          ? `data.${i}.billingConfigurations.fields.schedule_id`
          : `data.${i}.agreement.id`,
        additionField: syncro
          ? `data.${i}.billingConfigurations.fields.line_item_id`
          : `data.${i}.addition.id`,
      };
    });
    const rows = targets.filter((t): t is NonNullable<typeof t> => t !== null);
    const ask = async <T>(keys: string[], find: (key: string) => Promise<T | null>) => {
      const found = new Map<string, T>();
      const distinct = [...new Set(keys)];
      for (let i = 0; i < distinct.length; i += 10)
        await Promise.all(
          distinct.slice(i, i + 10).map(async (key) => {
            const value = await find(key);
            if (value) found.set(key, value);
          }),
        );
      return found;
    };
    const errors: FieldError[] = [];
    try {
      // The three kinds are asked side by side, so a batch costs about one PSA round trip per 10 ids.
      const [companies, agreements, additions] = await Promise.all([
        ask(
          rows.map((t) => t.row.company!.id),
          (id) => connector.findCompany(id),
        ),
        ask(
          rows.filter((t) => t.agreementId).map((t) => t.agreementId!),
          (id) => connector.findAgreement(id),
        ),
        ask(
          rows
            .filter((t) => t.agreementId && t.additionId)
            .map((t) => JSON.stringify([t.agreementId, t.additionId])),
          (key) => {
            const [agreementId, additionId] = JSON.parse(key) as [string, string];
            return connector.findAddition(agreementId, additionId);
          },
        ),
      ]);
      for (const { i, row, agreementId, additionId, agreementField, additionField } of rows) {
        const company = companies.get(row.company!.id);
        if (!company) {
          errors.push({
            field: `data.${i}.company.id`,
            message: `unknown ${integration.type} company ${row.company!.id}`,
          });
          continue;
        }
        row.company!.name ??= company.name;
        if (!agreementId) continue;
        const agreement = agreements.get(agreementId);
        if (!agreement) {
          errors.push({
            field: agreementField,
            message: `unknown ${integration.type} ${noun.agreement} ${agreementId}`,
          });
          continue;
        }
        if (agreement.companyId && agreement.companyId !== row.company!.id) {
          errors.push({
            field: agreementField,
            message: `${noun.agreement} ${agreementId} belongs to another ${integration.type} company`,
          });
          continue;
        }
        if (row.agreement) row.agreement.name ??= agreement.name;
        if (!additionId) continue;
        const addition = additions.get(JSON.stringify([agreementId, additionId]));
        if (!addition)
          errors.push({
            field: additionField,
            message: `${noun.agreement} ${agreementId} has no ${noun.addition} ${additionId}`,
          });
        else if (row.addition) row.addition.name ??= addition.name;
      }
    } catch (error) {
      throw toAppError(error);
    }
    return errors;
  }

  /** A dry run: the best PSA company by name for each Roster company; nothing is stored. */
  async suggest(request: SuggestMappingsRequest, meta: RequestMeta): Promise<{ items: MappingSuggestion[] }> {
    const integration = await this.integrations.resolvePsa(request, meta);
    const threshold = request.threshold ?? 0.6;
    let candidates: Array<{ companyId: string; companyName: string }>;
    if (integration.providerId) {
      // A provider's integration maps its customers (the ones asked for, else all of them).
      const customers = await this.access.providerCustomers(integration.providerId, meta);
      candidates = [...customers]
        .filter(([id]) => !request.companyIds || request.companyIds.includes(id))
        .map(([companyId, companyName]) => ({ companyId, companyName }))
        .sort((a, b) => a.companyName.localeCompare(b.companyName));
    } else {
      let companyIds = request.companyIds;
      if (!companyIds) {
        const rows: Array<{ company_id: string }> = await this.dataSource.query(
          `SELECT company_id FROM integration_members WHERE user_id = $1 AND active AND role IN ('owner', 'admin')`,
          [requireUser(meta)],
        );
        companyIds = [...new Set([integration.companyId!, ...rows.map((r) => r.company_id)])];
      }
      const allowed: string[] = [];
      for (const id of companyIds) if (await this.access.canManage(id, meta)) allowed.push(id);
      candidates = await this.dataSource
        .getRepository(IntegrationsTenantEntity)
        .find({ where: { companyId: In(allowed) }, order: { companyName: 'ASC' } });
    }
    const mapped = new Set(
      (
        await this.dataSource.getRepository(MappingEntity).findBy({
          integrationId: integration.id,
          companyId: In(candidates.map((c) => c.companyId)),
        })
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
      items: candidates.map((t) => {
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
