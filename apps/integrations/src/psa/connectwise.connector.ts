import type { PsaLookupItem, PsaLookupKind, PsaLookupPage } from '@roster/contracts';
import { LookupQuery, PsaConnector, PsaError, SeatTarget, TicketInput } from './psa-connector';
import { psaFetch, trimSlash } from './psa-http';

export interface ConnectwiseConnection {
  url: string;
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
  timeoutMs: number;
}

interface CwRef {
  id: number;
  name?: string;
  identifier?: string;
}

const quote = (value: string) => value.replace(/["\\]/g, '');
const idOf = (value: unknown): number | undefined => {
  const id = (value as { id?: unknown } | undefined)?.id;
  return typeof id === 'number' ? id : undefined;
};

/**
 * ConnectWise Manage REST (v4_6_release/apis/3.0): Basic `company+publicKey:privateKey` plus the `clientId`
 * header; page/pageSize paging; `conditions` filters; JSON Patch updates.
 */
export class ConnectwiseConnector implements PsaConnector {
  readonly type = 'connectwise' as const;

  constructor(private readonly c: ConnectwiseConnection) {}

  private call<T>(path: string, init: { method?: 'GET' | 'POST' | 'PATCH'; body?: unknown } = {}) {
    const auth = Buffer.from(`${this.c.companyId}+${this.c.publicKey}:${this.c.privateKey}`).toString(
      'base64',
    );
    return psaFetch<T>('ConnectWise', `${trimSlash(this.c.url)}/v4_6_release/apis/3.0${path}`, {
      ...init,
      headers: { Authorization: `Basic ${auth}`, clientId: this.c.clientId },
      timeoutMs: this.c.timeoutMs,
    });
  }

  async validate(): Promise<void> {
    await this.call('/system/info');
  }

  private async page<T>(path: string, q: LookupQuery, conditions: string[], extra = ''): Promise<T[]> {
    const params = new URLSearchParams({ page: String(q.page), pageSize: String(q.pageSize) });
    if (conditions.length) params.set('conditions', conditions.join(' and '));
    return this.call<T[]>(`${path}?${params.toString()}${extra}`);
  }

  async lookup(kind: PsaLookupKind, q: LookupQuery): Promise<PsaLookupPage> {
    const search = q.search ? [`name like "%${quote(q.search)}%"`] : [];
    let items: PsaLookupItem[];
    switch (kind) {
      case 'companies': {
        const extra = q.companyTypeIds?.length
          ? `&childConditions=${encodeURIComponent(`types/id in (${q.companyTypeIds.join(',')})`)}`
          : '';
        const rows = await this.page<CwRef & { types?: CwRef[] }>(
          '/company/companies',
          q,
          ['deletedFlag=false', ...search],
          extra,
        );
        items = rows.map((r) => ({
          id: String(r.id),
          name: r.name ?? r.identifier ?? String(r.id),
          identifier: r.identifier,
          types: (r.types ?? []).map((t) => ({ id: t.id, name: t.name })),
        }));
        break;
      }
      case 'company-types': {
        const rows = await this.page<CwRef>('/company/companies/types', q, search);
        items = rows.map((r) => ({ id: String(r.id), name: r.name ?? String(r.id) }));
        break;
      }
      case 'agreements': {
        const byCompany = q.parentId ? [`company/id=${Number(q.parentId) || 0}`] : [];
        const rows = await this.page<CwRef & { company?: CwRef; agreementStatus?: string }>(
          '/finance/agreements',
          q,
          [...byCompany, ...search],
        );
        items = rows.map((r) => ({
          id: String(r.id),
          name: r.name ?? String(r.id),
          companyId: r.company ? String(r.company.id) : null,
          status: r.agreementStatus ?? null,
        }));
        break;
      }
      case 'additions': {
        if (!q.parentId) throw new PsaError('invalid', 'additions need an agreement id');
        const rows = await this.page<{
          id: number;
          product?: CwRef;
          description?: string;
          quantity?: number;
        }>(`/finance/agreements/${encodeURIComponent(q.parentId)}/additions`, q, []);
        items = rows.map((r) => ({
          id: String(r.id),
          name: r.product?.identifier ?? r.description ?? String(r.id),
          quantity: r.quantity ?? null,
        }));
        break;
      }
      case 'billing-options':
        throw new PsaError('invalid', `ConnectWise has no ${kind} look-up`);
    }
    return { items, page: q.page, pageSize: q.pageSize, hasMore: items.length === q.pageSize };
  }

  async findCompany(id: string): Promise<PsaLookupItem | null> {
    if (!/^\d+$/.test(id)) return null;
    try {
      const c = await this.call<CwRef>(`/company/companies/${id}`);
      return { id: String(c.id), name: c.name ?? c.identifier ?? String(c.id) };
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return null;
      throw error;
    }
  }

  /** null on 404 (the PSA does not know the id). */
  private async orNull<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return null;
      throw error;
    }
  }

  async findAgreement(id: string): Promise<(PsaLookupItem & { companyId: string | null }) | null> {
    if (!/^\d+$/.test(id)) return null;
    const a = await this.orNull(() => this.call<CwRef & { company?: CwRef }>(`/finance/agreements/${id}`));
    return a
      ? { id: String(a.id), name: a.name ?? String(a.id), companyId: a.company ? String(a.company.id) : null }
      : null;
  }

  async findAddition(agreementId: string, id: string): Promise<PsaLookupItem | null> {
    if (!/^\d+$/.test(agreementId) || !/^\d+$/.test(id)) return null;
    const a = await this.orNull(() =>
      this.call<{ id: number; product?: CwRef; description?: string }>(
        `/finance/agreements/${agreementId}/additions/${id}`,
      ),
    );
    return a ? { id: String(a.id), name: a.product?.identifier ?? a.description ?? String(a.id) } : null;
  }

  async setSeatQuantity(target: SeatTarget, quantity: number): Promise<string> {
    if (!target.agreementId || !target.additionId)
      throw new PsaError('invalid', 'The mapping has no agreement addition to bill');
    const path = `/finance/agreements/${encodeURIComponent(target.agreementId)}/additions/${encodeURIComponent(target.additionId)}`;
    const updated = await this.call<{ quantity?: number }>(path, {
      method: 'PATCH',
      body: [{ op: 'replace', path: 'quantity', value: quantity }],
    });
    return `agreement ${target.agreementId} addition ${target.additionId} quantity ${updated?.quantity ?? quantity}`;
  }

  async alertOptions(): Promise<Record<string, PsaLookupItem[]>> {
    const list = (path: string) =>
      this.call<CwRef[]>(`${path}?pageSize=100`).then((rows) =>
        rows.map((r) => ({ id: String(r.id), name: r.name ?? String(r.id) })),
      );
    const [queues, sources, priorities] = await Promise.all([
      list('/service/boards'),
      list('/service/sources'),
      list('/service/priorities'),
    ]);
    const statuses = queues.length ? await list(`/service/boards/${queues[0].id}/statuses`) : [];
    return { queues, sources, priorities, statuses };
  }

  async openTicket(input: TicketInput): Promise<string> {
    const c = input.configuration;
    const ref = (v: unknown) => (idOf(v) !== undefined ? { id: idOf(v) } : undefined);
    const dueDays = typeof c.dueDays === 'number' ? c.dueDays : undefined;
    const ticket = await this.call<{ id: number }>('/service/tickets', {
      method: 'POST',
      body: {
        summary: input.summary.slice(0, 100),
        initialDescription: input.description,
        company: { id: Number(input.psaCompanyId) },
        board: ref(c.queue),
        status: ref(c.status),
        priority: ref(c.priority),
        source: ref(c.source),
        requiredDate:
          dueDays !== undefined ? new Date(Date.now() + dueDays * 86_400_000).toISOString() : undefined,
      },
    });
    return String(ticket.id);
  }

  async addTicketNote(ticketId: string, summary: string, description: string): Promise<void> {
    await this.call(`/service/tickets/${encodeURIComponent(ticketId)}/notes`, {
      method: 'POST',
      body: { text: `${summary}\n\n${description}`.trim(), detailDescriptionFlag: true },
    });
  }

  async isTicketOpen(ticketId: string): Promise<boolean> {
    try {
      const t = await this.call<{ closedFlag?: boolean }>(`/service/tickets/${encodeURIComponent(ticketId)}`);
      return !t.closedFlag;
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return false;
      throw error;
    }
  }
}
