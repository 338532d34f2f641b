import { IsUUID } from 'class-validator';
import { defineRpc } from '../define';

export class GetBillingAccountRequest {
  @IsUUID() companyId!: string;
}

export interface BillingAccountResponse {
  companyId: string;
  status: 'active';
  createdAt: string;
}

/** The billing account that `billing` opens for every company it hears about. */
export const GetBillingAccount = defineRpc<GetBillingAccountRequest, BillingAccountResponse>(
  'billing.account.get.v1',
  GetBillingAccountRequest,
);
