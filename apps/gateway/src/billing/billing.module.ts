import { Module } from '@nestjs/common';
import { BillingPlansController } from './billing-plans.controller';
import { BillingController } from './billing.controller';
import { CompanyBillingController } from './company-billing.controller';
import { ProviderBillingController } from './provider-billing.controller';

@Module({
  controllers: [
    BillingController,
    BillingPlansController,
    CompanyBillingController,
    ProviderBillingController,
  ],
})
export class BillingModule {}
