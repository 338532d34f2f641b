import type { PsaLookupItem, PsaLookupKind, PsaLookupPage } from '@roster/contracts';
import { LookupQuery, PsaConnector, PsaError, SeatTarget, TicketInput } from './psa-connector';
import { psaFetch, trimSlash } from './psa-http';

export interface SyncroConnection {
  /** https://{subdomain}.syncromsp.com unless overridden. */
  url: string;
  apiToken: string;
  timeoutMs: number;
}

interface Meta {
  total_pages?: number;
  page?: number;
}

export const SYNCRO_CLOSED_STATUS = 'Resolved';

/** Syncro REST (/api/v1): the API token as bearer; page-numbered lists with `meta.total_pages`. */
export class SyncroConnector implements PsaConnector {
  readonly type = 'syncro' as const;

  constructor(private readonly c: SyncroConnection) {}

  private call<T>(path: string, init: { method?: 'GET' | 'POST' | 'PUT'; body?: unknown } = {}) {
    return psaFetch<T>('Syncro', `${trimSlash(this.c.url)}/api/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${this.c.apiToken}` },
      timeoutMs: this.c.timeoutMs,
    });
  }

  async validate(): Promise<void> {
    await this.call('/me');
  }

  async lookup(kind: PsaLookupKind, q: LookupQuery): Promise<PsaLookupPage> {
    const params = new URLSearchParams({ page: String(q.page), per_page: String(q.pageSize) });
    if (kind === 'companies') {
      if (q.search) params.set('query', q.search);
      const r = await this.call<{
        customers: Array<{
          id: number;
          business_name?: string | null;
          fullname?: string;
          firstname?: string;
          lastname?: string;
        }>;
        meta?: Meta;
      }>(`/customers?${params.toString()}`);
      return {
        items: r.customers.map((c) => ({
          id: String(c.id),
          name:
            c.business_name ||
            c.fullname ||
            `${c.firstname ?? ''} ${c.lastname ?? ''}`.trim() ||
            String(c.id),
        })),
        page: q.page,
        pageSize: q.pageSize,
        hasMore: (r.meta?.page ?? q.page) < (r.meta?.total_pages ?? 0),
      };
    }
    if (kind === 'billing-options') {
      if (q.parentId) params.set('customer_id', q.parentId);
      const r = await this.call<{
        schedules: Array<{
          id: number;
          name: string;
          customer_id: number;
          line_items?: Array<{ id: number; name: string; quantity?: number }>;
        }>;
        meta?: Meta;
      }>(`/schedules?${params.toString()}`);
      return {
        items: r.schedules.map((s) => ({
          id: String(s.id),
          name: s.name,
          customerId: String(s.customer_id),
          lineItems: (s.line_items ?? []).map((l) => ({
            id: String(l.id),
            name: l.name,
            quantity: l.quantity ?? null,
          })),
        })),
        page: q.page,
        pageSize: q.pageSize,
        hasMore: (r.meta?.page ?? q.page) < (r.meta?.total_pages ?? 0),
      };
    }
    throw new PsaError('invalid', `Syncro has no ${kind} look-up`);
  }

  /** Syncro bills through recurring schedules: the "agreement" of a mapping is a schedule, of a customer. */
  async findAgreement(id: string): Promise<(PsaLookupItem & { companyId: string | null }) | null> {
    const schedule = await this.schedule(id);
    return schedule
      ? { id: String(schedule.id), name: schedule.name, companyId: String(schedule.customer_id) }
      : null;
  }

  /** …and its "addition" is a line item of that schedule. */
  async findAddition(scheduleId: string, id: string): Promise<PsaLookupItem | null> {
    const item = (await this.schedule(scheduleId))?.line_items?.find((l) => String(l.id) === id);
    return item ? { id: String(item.id), name: item.name } : null;
  }

  private async schedule(id: string) {
    if (!/^\d+$/.test(id)) return null;
    try {
      const r = await this.call<{
        schedule: {
          id: number;
          name: string;
          customer_id: number;
          line_items?: Array<{ id: number; name: string }>;
        };
      }>(`/schedules/${id}`);
      return r.schedule;
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return null;
      throw error;
    }
  }

  async findCompany(id: string): Promise<PsaLookupItem | null> {
    if (!/^\d+$/.test(id)) return null;
    try {
      const r = await this.call<{
        customer: { id: number; business_name?: string | null; fullname?: string };
      }>(`/customers/${id}`);
      return {
        id: String(r.customer.id),
        name: r.customer.business_name || r.customer.fullname || String(r.customer.id),
      };
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return null;
      throw error;
    }
  }

  async setSeatQuantity(target: SeatTarget, quantity: number): Promise<string> {
    if (!target.scheduleId || !target.lineItemId)
      throw new PsaError('invalid', 'The mapping has no Syncro schedule line item to bill');
    await this.call(`/schedules/${encodeURIComponent(target.scheduleId)}`, {
      method: 'PUT',
      body: { line_items_attributes: [{ id: Number(target.lineItemId), quantity }] },
    });
    return `schedule ${target.scheduleId} line item ${target.lineItemId} quantity ${quantity}`;
  }

  async alertOptions(): Promise<Record<string, PsaLookupItem[]>> {
    const [settings, users] = await Promise.all([
      this.call<{ problem_types?: string[]; ticket_status_list?: string[]; priorities?: string[] }>(
        '/tickets/settings',
      ),
      this.call<{ users: Array<[number, string]> | Array<{ id: number; full_name: string }> }>('/users'),
    ]);
    const named = (values: string[] | undefined) => (values ?? []).map((v) => ({ id: v, name: v }));
    return {
      problemTypes: named(settings.problem_types),
      statuses: named(settings.ticket_status_list),
      priorities: named(settings.priorities),
      users: users.users.map((u) =>
        Array.isArray(u) ? { id: String(u[0]), name: u[1] } : { id: String(u.id), name: u.full_name },
      ),
    };
  }

  async openTicket(input: TicketInput): Promise<string> {
    const c = input.configuration;
    const dueDays = typeof c.dueDays === 'number' ? c.dueDays : undefined;
    const r = await this.call<{ ticket: { id: number; number?: number } }>('/tickets', {
      method: 'POST',
      body: {
        customer_id: Number(input.psaCompanyId),
        subject: input.summary,
        problem_type: c.problemType ?? 'Other',
        status: typeof c.status === 'string' ? c.status : 'New',
        priority: typeof c.priority === 'string' ? c.priority : undefined,
        user_id: typeof c.userId === 'number' ? c.userId : undefined,
        due_date:
          dueDays !== undefined ? new Date(Date.now() + dueDays * 86_400_000).toISOString() : undefined,
        comments_attributes: [{ subject: 'Initial Issue', body: input.description, hidden: false }],
      },
    });
    return String(r.ticket.id);
  }

  async addTicketNote(ticketId: string, summary: string, description: string): Promise<void> {
    await this.call(`/tickets/${encodeURIComponent(ticketId)}/comment`, {
      method: 'POST',
      body: { subject: summary, body: description || summary, hidden: false },
    });
  }

  async isTicketOpen(ticketId: string): Promise<boolean> {
    try {
      const r = await this.call<{ ticket: { status: string } }>(`/tickets/${encodeURIComponent(ticketId)}`);
      return r.ticket.status !== SYNCRO_CLOSED_STATUS;
    } catch (error) {
      if (error instanceof PsaError && error.status === 404) return false;
      throw error;
    }
  }
}
