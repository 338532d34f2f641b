import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppError,
  BillingDetailsResponse,
  CompanyBrandingUpdatedData,
  EventEnvelope,
  UpdateBillingDetailsRequest,
} from '@roster/contracts';

interface DetailsRow {
  company_id: string;
  billing_email: string | null;
  billing_email_source: 'details' | 'branding' | null;
  company_name: string | null;
  address: string | null;
  vat_id: string | null;
}

const toDetails = (r: DetailsRow): BillingDetailsResponse => ({
  companyId: r.company_id,
  billingEmail: r.billing_email,
  billingEmailSource: r.billing_email ? r.billing_email_source : null,
  companyName: r.company_name,
  address: r.address,
  vatId: r.vat_id,
});

/**
 * Who invoices go to. The billing e-mail set here wins; otherwise the one from the company's branding
 * (directory's `company.branding_updated`).
 */
@Injectable()
export class BillingDetailsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(
    companyId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<BillingDetailsResponse> {
    const [row] = await manager.query<DetailsRow[]>(`SELECT * FROM billing_accounts WHERE company_id = $1`, [
      companyId,
    ]);
    if (!row) throw new AppError('NOT_FOUND', 'No billing account for this company yet');
    return toDetails(row);
  }

  async update(request: UpdateBillingDetailsRequest): Promise<BillingDetailsResponse> {
    const current = await this.get(request.companyId);
    const email = request.billingEmail !== undefined ? request.billingEmail : current.billingEmail;
    const source =
      request.billingEmail !== undefined ? (email ? 'details' : null) : current.billingEmailSource;
    await this.dataSource.query(
      `UPDATE billing_accounts SET billing_email = $2, billing_email_source = $3, company_name = $4, address = $5, vat_id = $6
       WHERE company_id = $1`,
      [
        request.companyId,
        email,
        source,
        request.companyName !== undefined ? request.companyName : current.companyName,
        request.address !== undefined ? request.address : current.address,
        request.vatId !== undefined ? request.vatId : current.vatId,
      ],
    );
    return this.get(request.companyId);
  }

  async fromBranding(
    event: EventEnvelope<CompanyBrandingUpdatedData>,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE billing_accounts SET billing_email = $2, billing_email_source = CASE WHEN $2::text IS NULL THEN NULL ELSE 'branding' END
       WHERE company_id = $1 AND (billing_email_source IS DISTINCT FROM 'details' OR billing_email IS NULL)`,
      [event.data.companyId, event.data.billingEmail],
    );
  }
}
