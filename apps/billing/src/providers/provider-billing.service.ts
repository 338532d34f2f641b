import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  IssueProviderInvoice,
  AppError,
  CheckProviderAccess,
  CustomerLicences,
  InvoiceLineResponse,
  ListProviderCustomers,
  ProviderBillingDetailsResponse,
  ProviderContractProduct,
  ProviderContractResponse,
  ProviderInvoiceResponse,
  PutProviderBillingDetailsRequest,
  PutProviderContractRequest,
} from '@roster/contracts';
import { BusClient, IdempotencyKeys, RequestMeta, requireUser } from '@roster/messaging';
import { BillingAccess } from '../common/billing-access';
import { Clock } from '../common/clock';
import { InvoicesService } from '../invoices/invoices.service';
import { totalOf } from '../invoices/proration';
import { SYSTEM_META } from '../seats/seats.service';

interface ContractRow {
  provider_id: string;
  currency: string;
  term_start: Date;
  term_end: Date;
  products: ProviderContractProduct[];
  updated_at: Date;
}
interface ProviderInvoiceRow {
  id: string;
  provider_id: string;
  number: string;
  status: ProviderInvoiceResponse['status'];
  currency: string;
  total_minor: string;
  period_start: Date;
  period_end: Date;
  issued_at: Date;
  lines: InvoiceLineResponse[];
}

const toContract = (r: ContractRow): ProviderContractResponse => ({
  providerId: r.provider_id,
  currency: r.currency,
  termStart: r.term_start.toISOString(),
  termEnd: r.term_end.toISOString(),
  products: r.products,
  updatedAt: r.updated_at.toISOString(),
});
const toInvoice = (r: ProviderInvoiceRow): ProviderInvoiceResponse => ({
  id: r.id,
  providerId: r.provider_id,
  number: r.number,
  status: r.status,
  currency: r.currency,
  totalMinor: Number(r.total_minor),
  periodStart: r.period_start.toISOString(),
  periodEnd: r.period_end.toISOString(),
  issuedAt: r.issued_at.toISOString(),
  lines: r.lines,
});

/**
 * Provider (MSP) billing: operators set a provider's contract; the provider's administrators read it, keep
 * its billing details and licences per customer, and read the invoices that aggregate their customers' seats.
 * Membership of a provider is directory's: `CheckProviderAccess` and `ListProviderCustomers`.
 */
@Injectable()
export class ProviderBillingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyKeys,
    private readonly bus: BusClient,
    private readonly access: BillingAccess,
    private readonly invoices: InvoicesService,
    private readonly clock: Clock,
  ) {}

  /** Operators, or the provider's administrators. */
  async requireProviderAdmin(providerId: string, meta: RequestMeta): Promise<void> {
    if (this.access.isOperator(meta)) return;
    const userId = requireUser(meta);
    const access = await this.bus.request(CheckProviderAccess, { providerId, userId }, meta);
    if (access.role !== 'admin')
      throw new AppError('FORBIDDEN', 'Only the provider’s administrators manage its billing');
  }

  async putContract(request: PutProviderContractRequest): Promise<ProviderContractResponse> {
    if (Date.parse(request.termEnd) <= Date.parse(request.termStart))
      throw new AppError('VALIDATION_FAILED', 'termEnd: must be after termStart', [
        { field: 'termEnd', message: 'must be after termStart' },
      ]);
    const skus = new Set(request.products.map((p) => p.sku));
    if (skus.size !== request.products.length)
      throw new AppError('VALIDATION_FAILED', 'products: each sku once', [
        { field: 'products', message: 'each sku once' },
      ]);
    const [row] = await this.dataSource.query<ContractRow[]>(
      `INSERT INTO provider_contracts (provider_id, currency, term_start, term_end, products, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (provider_id) DO UPDATE SET currency = $2, term_start = $3, term_end = $4, products = $5, updated_at = $6
       RETURNING *`,
      [
        request.providerId,
        request.currency,
        new Date(request.termStart),
        new Date(request.termEnd),
        JSON.stringify(
          request.products.map((p) => ({
            sku: p.sku,
            name: p.name,
            quantity: p.quantity,
            unitPriceMinor: p.unitPriceMinor,
            perSeat: p.perSeat,
          })),
        ),
        this.clock.now(),
      ],
    );
    return toContract(row);
  }

  async getContract(providerId: string): Promise<ProviderContractResponse> {
    const [row] = await this.dataSource.query<ContractRow[]>(
      `SELECT * FROM provider_contracts WHERE provider_id = $1`,
      [providerId],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No contract for this provider');
    return toContract(row);
  }

  async getDetails(providerId: string): Promise<ProviderBillingDetailsResponse> {
    const [row] = await this.dataSource.query<
      Array<{
        billing_email: string | null;
        company_name: string | null;
        address: string | null;
        vat_id: string | null;
      }>
    >(`SELECT * FROM provider_billing_details WHERE provider_id = $1`, [providerId]);
    return {
      providerId,
      billingEmail: row?.billing_email ?? null,
      companyName: row?.company_name ?? null,
      address: row?.address ?? null,
      vatId: row?.vat_id ?? null,
    };
  }

  async putDetails(request: PutProviderBillingDetailsRequest): Promise<ProviderBillingDetailsResponse> {
    const current = await this.getDetails(request.providerId);
    const pick = <K extends keyof ProviderBillingDetailsResponse>(k: K) =>
      (request as Partial<ProviderBillingDetailsResponse>)[k] !== undefined
        ? (request as Partial<ProviderBillingDetailsResponse>)[k]
        : current[k];
    await this.dataSource.query(
      `INSERT INTO provider_billing_details (provider_id, billing_email, company_name, address, vat_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (provider_id) DO UPDATE SET billing_email = $2, company_name = $3, address = $4, vat_id = $5`,
      [request.providerId, pick('billingEmail'), pick('companyName'), pick('address'), pick('vatId')],
    );
    return this.getDetails(request.providerId);
  }

  private async customers(providerId: string, meta: RequestMeta) {
    const { customers } = await this.bus.request(ListProviderCustomers, { providerId }, meta);
    return customers;
  }

  /** Purchased (set by the provider), used (active seats now), active users (held a seat this term). */
  async licences(
    providerId: string,
    meta: RequestMeta,
  ): Promise<{ providerId: string; items: CustomerLicences[] }> {
    const customers = await this.customers(providerId, meta);
    const contract = await this.getContract(providerId).catch(() => null);
    const since = contract ? new Date(contract.termStart) : new Date(0);
    const items: CustomerLicences[] = [];
    for (const c of customers) items.push(await this.licencesOf(providerId, c.companyId, c.name, since));
    return { providerId, items };
  }

  private async licencesOf(
    providerId: string,
    companyId: string,
    name: string,
    since: Date,
  ): Promise<CustomerLicences> {
    const [row] = await this.dataSource.query<
      Array<{ purchased: number; used: number; active_users: number }>
    >(
      `SELECT
         coalesce((SELECT purchased FROM customer_licences WHERE provider_id = $1 AND company_id = $2), 0) AS purchased,
         (SELECT coalesce(sum(delta), 0)::int FROM seat_changes WHERE company_id = $2) AS used,
         (SELECT count(*)::int FROM member_seats m WHERE m.company_id = $2 AND (m.status = 'active'
            OR EXISTS (SELECT 1 FROM seat_changes s WHERE s.company_id = $2 AND s.user_id = m.user_id AND s.at >= $3)))
           AS active_users`,
      [providerId, companyId, since],
    );
    return { companyId, name, purchased: row.purchased, used: row.used, activeUsers: row.active_users };
  }

  async setLicences(
    providerId: string,
    companyId: string,
    purchased: number,
    meta: RequestMeta,
  ): Promise<CustomerLicences> {
    const customer = (await this.customers(providerId, meta)).find((c) => c.companyId === companyId);
    if (!customer) throw new AppError('NOT_FOUND', 'Not a customer of this provider');
    await this.dataSource.query(
      `INSERT INTO customer_licences (provider_id, company_id, purchased) VALUES ($1, $2, $3)
       ON CONFLICT (provider_id, company_id) DO UPDATE SET purchased = $3`,
      [providerId, companyId, purchased],
    );
    const contract = await this.getContract(providerId).catch(() => null);
    return this.licencesOf(
      providerId,
      companyId,
      customer.name,
      contract ? new Date(contract.termStart) : new Date(0),
    );
  }

  /**
   * Fixed products: quantity × price. The per-seat product: one line per customer with its seats at the
   * period end (at least its purchased licences), and a line for committed seats nobody used.
   */
  async issueInvoice(
    providerId: string,
    periodStart: Date,
    periodEnd: Date,
  ): Promise<ProviderInvoiceResponse> {
    if (periodEnd <= periodStart)
      throw new AppError('VALIDATION_FAILED', 'periodEnd: must be after periodStart');
    const contract = await this.getContract(providerId);
    const customers = await this.customers(providerId, SYSTEM_META);
    const line = (
      kind: InvoiceLineResponse['kind'],
      description: string,
      quantity: number,
      unit: number,
    ) => ({
      kind,
      description,
      quantity,
      unitAmountMinor: unit,
      amountMinor: quantity * unit,
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
    });
    const lines: InvoiceLineResponse[] = [];
    for (const product of contract.products) {
      if (!product.perSeat) {
        lines.push(line('plan', product.name, product.quantity, product.unitPriceMinor));
        continue;
      }
      let billed = 0;
      for (const c of customers) {
        const [row] = await this.dataSource.query<Array<{ seats: number; purchased: number }>>(
          `SELECT (SELECT coalesce(sum(delta), 0)::int FROM seat_changes WHERE company_id = $2 AND at < $3) AS seats,
                  coalesce((SELECT purchased FROM customer_licences WHERE provider_id = $1 AND company_id = $2), 0) AS purchased`,
          [providerId, c.companyId, periodEnd],
        );
        const seats = Math.max(row.seats, row.purchased);
        billed += seats;
        lines.push(
          line('seat_change', `${product.name}: ${c.name} (${c.companyId})`, seats, product.unitPriceMinor),
        );
      }
      if (billed < product.quantity)
        lines.push(
          line(
            'plan',
            `${product.name}: committed, unassigned`,
            product.quantity - billed,
            product.unitPriceMinor,
          ),
        );
    }
    return this.idempotency.transaction(IssueProviderInvoice, async (manager) => {
      const number = await this.invoices.nextNumber(manager);
      const [row] = await manager.query<ProviderInvoiceRow[]>(
        `INSERT INTO provider_invoices (id, provider_id, number, status, currency, total_minor, period_start, period_end, issued_at, lines)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          randomUUID(),
          providerId,
          number,
          contract.currency,
          totalOf(lines),
          periodStart,
          periodEnd,
          this.clock.now(),
          JSON.stringify(lines),
        ],
      );
      return toInvoice(row);
    });
  }

  async listInvoices(providerId: string): Promise<{ items: ProviderInvoiceResponse[] }> {
    const rows = await this.dataSource.query<ProviderInvoiceRow[]>(
      `SELECT * FROM provider_invoices WHERE provider_id = $1 ORDER BY issued_at DESC, number DESC`,
      [providerId],
    );
    return { items: rows.map(toInvoice) };
  }

  async getInvoice(providerId: string, invoiceId: string): Promise<ProviderInvoiceResponse> {
    const [row] = await this.dataSource.query<ProviderInvoiceRow[]>(
      `SELECT * FROM provider_invoices WHERE provider_id = $1 AND id = $2`,
      [providerId, invoiceId],
    );
    if (!row) throw new AppError('NOT_FOUND', 'No such invoice');
    return toInvoice(row);
  }
}
