import type { PsaLookupItem, PsaLookupKind, PsaLookupPage } from '@roster/contracts';
import { LookupQuery, PsaConnector, PsaError, SeatTarget, TicketInput } from './psa-connector';
import { psaFetch, trimSlash } from './psa-http';

export interface AutotaskConnection {
  url: string;
  username: string;
  secret: string;
  integrationCode: string;
  timeoutMs: number;
}

interface Filter {
  op: string;
  field: string;
  value?: unknown;
}
interface QueryResult<T> {
  items: T[];
  pageDetails: {
    count: number;
    requestCount: number;
    nextPageUrl: string | null;
    prevPageUrl: string | null;
  };
}
interface FieldInfo {
  name: string;
  picklistValues?: Array<{ value: string; label: string; isActive?: boolean }> | null;
}

/** Autotask's status value for a completed ticket. */
export const AUTOTASK_COMPLETE_STATUS = 5;

const numberOf = (v: unknown) => (v as { id?: unknown } | undefined)?.id;

/**
 * Autotask PSA REST (ATServicesRest/V1.0, zone URL per tenant): `ApiIntegrationcode`, `UserName`, `Secret`
 * headers; `{entity}/query` with a JSON filter and MaxRecords, paged by `nextPageUrl`.
 */
export class AutotaskConnector implements PsaConnector {
  readonly type = 'autotask' as const;

  constructor(private readonly c: AutotaskConnection) {}

  private get base() {
    return `${trimSlash(this.c.url)}/ATServicesRest/V1.0`;
  }

  private call<T>(pathOrUrl: string, init: { method?: 'GET' | 'POST' | 'PATCH'; body?: unknown } = {}) {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.base}${pathOrUrl}`;
    if (!url.startsWith(this.base))
      throw new PsaError('invalid', 'Autotask sent a page URL outside its zone');
    return psaFetch<T>('Autotask', url, {
      ...init,
      headers: {
        ApiIntegrationcode: this.c.integrationCode,
        UserName: this.c.username,
        Secret: this.c.secret,
      },
      timeoutMs: this.c.timeoutMs,
    });
  }

  async validate(): Promise<void> {
    await this.call('/ThresholdInformation');
  }

  /** Page N of a query: Autotask pages forward only, so earlier pages are walked through nextPageUrl. */
  private async query<T>(
    entity: string,
    filter: Filter[],
    q: LookupQuery,
  ): Promise<{ items: T[]; hasMore: boolean }> {
    const body = {
      MaxRecords: q.pageSize,
      filter: filter.length ? filter : [{ op: 'gte', field: 'id', value: 0 }],
    };
    let result = await this.call<QueryResult<T>>(`/${entity}/query`, { method: 'POST', body });
    for (let page = 1; page < q.page; page++) {
      if (!result.pageDetails?.nextPageUrl) return { items: [], hasMore: false };
      result = await this.call<QueryResult<T>>(result.pageDetails.nextPageUrl);
    }
    return { items: result.items ?? [], hasMore: Boolean(result.pageDetails?.nextPageUrl) };
  }

  private async picklist(entity: string, field: string): Promise<PsaLookupItem[]> {
    const info = await this.call<{ fields: FieldInfo[] }>(`/${entity}/entityInformation/fields`);
    const found = info.fields.find((f) => f.name === field);
    return (found?.picklistValues ?? [])
      .filter((v) => v.isActive !== false)
      .map((v) => ({ id: String(v.value), name: v.label }));
  }

  async lookup(kind: PsaLookupKind, q: LookupQuery): Promise<PsaLookupPage> {
    let found: { items: PsaLookupItem[]; hasMore: boolean };
    switch (kind) {
      case 'companies': {
        const filter: Filter[] = [{ op: 'eq', field: 'isActive', value: true }];
        if (q.search) filter.push({ op: 'contains', field: 'companyName', value: q.search });
        if (q.companyTypeIds?.length)
          filter.push({ op: 'in', field: 'companyType', value: q.companyTypeIds });
        const r = await this.query<{ id: number; companyName: string; companyType: number }>(
          'Companies',
          filter,
          q,
        );
        found = {
          items: r.items.map((c) => ({ id: String(c.id), name: c.companyName, companyType: c.companyType })),
          hasMore: r.hasMore,
        };
        break;
      }
      case 'company-types': {
        const all = await this.picklist('Companies', 'companyType');
        const start = (q.page - 1) * q.pageSize;
        found = { items: all.slice(start, start + q.pageSize), hasMore: all.length > start + q.pageSize };
        break;
      }
      case 'agreements': {
        const filter: Filter[] = [];
        if (q.parentId) filter.push({ op: 'eq', field: 'companyID', value: Number(q.parentId) || 0 });
        if (q.search) filter.push({ op: 'contains', field: 'contractName', value: q.search });
        const r = await this.query<{ id: number; contractName: string; companyID: number; status: number }>(
          'Contracts',
          filter,
          q,
        );
        found = {
          items: r.items.map((c) => ({
            id: String(c.id),
            name: c.contractName,
            companyId: String(c.companyID),
            status: c.status,
          })),
          hasMore: r.hasMore,
        };
        break;
      }
      case 'additions': {
        if (!q.parentId) throw new PsaError('invalid', 'additions need a contract id');
        const r = await this.query<{ id: number; serviceID: number; invoiceDescription?: string | null }>(
          'ContractServices',
          [{ op: 'eq', field: 'contractID', value: Number(q.parentId) || 0 }],
          q,
        );
        found = {
          items: r.items.map((s) => ({
            id: String(s.id),
            name: s.invoiceDescription || `Service ${s.serviceID}`,
            serviceId: String(s.serviceID),
          })),
          hasMore: r.hasMore,
        };
        break;
      }
      case 'billing-options':
        throw new PsaError('invalid', `Autotask has no ${kind} look-up`);
    }
    return { ...found, page: q.page, pageSize: q.pageSize };
  }

  async findCompany(id: string): Promise<PsaLookupItem | null> {
    if (!/^\d+$/.test(id)) return null;
    try {
      const r = await this.call<{ item: { id: number; companyName: string } | null }>(`/Companies/${id}`);
      return r.item ? { id: String(r.item.id), name: r.item.companyName } : null;
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return null;
      throw error;
    }
  }

  async findAgreement(id: string): Promise<(PsaLookupItem & { companyId: string | null }) | null> {
    if (!/^\d+$/.test(id)) return null;
    const r = await this.query<{ id: number; contractName: string; companyID: number }>(
      'Contracts',
      [{ op: 'eq', field: 'id', value: Number(id) }],
      { page: 1, pageSize: 1 },
    );
    const c = r.items[0];
    return c ? { id: String(c.id), name: c.contractName, companyId: String(c.companyID) } : null;
  }

  async findAddition(agreementId: string, id: string): Promise<PsaLookupItem | null> {
    if (!/^\d+$/.test(agreementId) || !/^\d+$/.test(id)) return null;
    const r = await this.query<{ id: number; serviceID: number; invoiceDescription?: string | null }>(
      'ContractServices',
      [
        { op: 'eq', field: 'id', value: Number(id) },
        { op: 'eq', field: 'contractID', value: Number(agreementId) },
      ],
      { page: 1, pageSize: 1 },
    );
    const s = r.items[0];
    return s ? { id: String(s.id), name: s.invoiceDescription || `Service ${s.serviceID}` } : null;
  }

  /** Autotask changes units by adjustment: read the current units, post the difference. */
  async setSeatQuantity(target: SeatTarget, quantity: number): Promise<string> {
    if (!target.agreementId || !target.additionId)
      throw new PsaError('invalid', 'The mapping has no contract service to bill');
    const units = await this.call<QueryResult<{ units: number; startDate: string; endDate: string }>>(
      '/ContractServiceUnits/query',
      {
        method: 'POST',
        body: { filter: [{ op: 'eq', field: 'contractServiceID', value: Number(target.additionId) }] },
      },
    );
    const now = Date.now();
    const current =
      units.items.find((u) => Date.parse(u.startDate) <= now && now <= Date.parse(u.endDate)) ??
      units.items[units.items.length - 1];
    const unitChange = quantity - (current?.units ?? 0);
    if (unitChange === 0) return `contract service ${target.additionId} already at ${quantity} units`;
    await this.call('/ContractServiceAdjustments', {
      method: 'POST',
      body: {
        contractID: Number(target.agreementId),
        contractServiceID: Number(target.additionId),
        effectiveDate: new Date().toISOString(),
        unitChange,
      },
    });
    return `contract ${target.agreementId} service ${target.additionId} adjusted by ${unitChange} to ${quantity} units`;
  }

  async alertOptions(): Promise<Record<string, PsaLookupItem[]>> {
    const info = await this.call<{ fields: FieldInfo[] }>('/Tickets/entityInformation/fields');
    const pick = (name: string) =>
      (info.fields.find((f) => f.name === name)?.picklistValues ?? [])
        .filter((v) => v.isActive !== false)
        .map((v) => ({ id: String(v.value), name: v.label }));
    const [resources, roles] = await Promise.all([
      this.query<{ id: number; firstName: string; lastName: string }>(
        'Resources',
        [{ op: 'eq', field: 'isActive', value: true }],
        { page: 1, pageSize: 100 },
      ),
      this.query<{ id: number; name: string }>('Roles', [{ op: 'eq', field: 'isActive', value: true }], {
        page: 1,
        pageSize: 100,
      }),
    ]);
    return {
      queues: pick('queueID'),
      sources: pick('source'),
      statuses: pick('status'),
      priorities: pick('priority'),
      resources: resources.items.map((r) => ({ id: String(r.id), name: `${r.firstName} ${r.lastName}` })),
      roles: roles.items.map((r) => ({ id: String(r.id), name: r.name })),
    };
  }

  async openTicket(input: TicketInput): Promise<string> {
    const c = input.configuration;
    const dueDays = typeof c.dueDays === 'number' ? c.dueDays : 1;
    const resource = c.resource as { id?: number; role?: { id?: number } } | undefined;
    const created = await this.call<{ itemId: number }>('/Tickets', {
      method: 'POST',
      body: {
        companyID: Number(input.psaCompanyId),
        title: input.summary.slice(0, 255),
        description: input.description.slice(0, 8000),
        queueID: numberOf(c.queue),
        status: numberOf(c.status) ?? 1,
        priority: numberOf(c.priority),
        source: numberOf(c.source),
        dueDateTime: new Date(Date.now() + dueDays * 86_400_000).toISOString(),
        assignedResourceID: resource?.id,
        assignedResourceRoleID: resource?.role?.id,
      },
    });
    return String(created.itemId);
  }

  async addTicketNote(ticketId: string, summary: string, description: string): Promise<void> {
    await this.call(`/Tickets/${encodeURIComponent(ticketId)}/Notes`, {
      method: 'POST',
      body: { title: summary.slice(0, 250), description: description || summary, noteType: 1, publish: 1 },
    });
  }

  async isTicketOpen(ticketId: string): Promise<boolean> {
    try {
      const t = await this.call<{ item: { status: number } | null }>(
        `/Tickets/${encodeURIComponent(ticketId)}`,
      );
      return Boolean(t.item) && t.item!.status !== AUTOTASK_COMPLETE_STATUS;
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return false;
      throw error;
    }
  }
}
