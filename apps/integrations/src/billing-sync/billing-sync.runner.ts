import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IntegrationEntity } from '../connections/integration.entity';
import { MappingEntity } from '../mappings/mapping.entity';
import { PsaConnector } from '../psa/psa-connector';
import { BillingSyncPayload } from './psa-jobs.service';
import { PsaJobEntity } from './psa-job.entity';

/** One billing sync run: the mapped addition / contract service / line item gets the quantity. */
@Injectable()
export class BillingSyncRunner {
  constructor(private readonly dataSource: DataSource) {}

  async run(job: PsaJobEntity, integration: IntegrationEntity, connector: PsaConnector): Promise<string> {
    const { quantity } = job.payload as unknown as BillingSyncPayload;
    const mapping = await this.dataSource
      .getRepository(MappingEntity)
      .findOneBy({ integrationId: integration.id, companyId: job.companyId! });
    if (!mapping) return 'skipped: the company is no longer mapped';
    if (!mapping.addition && !mapping.billing) return 'skipped: the mapping names no addition or line item';
    const detail = await connector.setSeatQuantity(
      {
        psaCompanyId: mapping.psaCompanyId,
        agreementId: mapping.agreement?.id,
        additionId: mapping.addition?.id,
        scheduleId: mapping.billing?.schedule_id,
        lineItemId: mapping.billing?.line_item_id,
      },
      quantity,
    );
    await this.dataSource
      .getRepository(MappingEntity)
      .update({ id: mapping.id }, { lastSyncedQuantity: quantity, lastSyncedAt: new Date() });
    return detail;
  }
}
