import { Module } from '@nestjs/common';
import { BillingDetailsService } from './accounts/billing-details.service';
import { CompanyBrandingUpdatedListener } from './accounts/listeners/company-branding-updated.listener';
import { BillingAccess } from './common/billing-access';
import { Clock } from './common/clock';
import { BillingCycleService } from './cycle/billing-cycle.service';
import { InvoicesHandler } from './invoices/invoices.handler';
import { InvoicesService } from './invoices/invoices.service';
import { CompanyLifecycleListener } from './lifecycle/company-lifecycle.listener';
import { CompanyLifecycleService } from './lifecycle/company-lifecycle.service';
import { PaymentProvider } from './payments/payment-provider';
import { PaymentsHandler } from './payments/payments.handler';
import { PaymentsService } from './payments/payments.service';
import { StripePaymentProvider } from './payments/stripe.provider';
import { PlansHandler } from './plans/plans.handler';
import { PlansService } from './plans/plans.service';
import { ProviderBillingHandler } from './providers/provider-billing.handler';
import { ProviderBillingService } from './providers/provider-billing.service';
import { MemberEventsListener } from './seats/listeners/member-events.listener';
import { SeatsHandler } from './seats/seats.handler';
import { SeatsService } from './seats/seats.service';
import { SubscriptionsHandler } from './subscriptions/subscriptions.handler';
import { SubscriptionsService } from './subscriptions/subscriptions.service';

/** Plans, subscriptions, seats, invoices, payments and the billing cycle. */
@Module({
  controllers: [
    PlansHandler,
    SubscriptionsHandler,
    InvoicesHandler,
    PaymentsHandler,
    SeatsHandler,
    ProviderBillingHandler,
  ],
  providers: [
    Clock,
    BillingAccess,
    PlansService,
    SubscriptionsService,
    SeatsService,
    InvoicesService,
    PaymentsService,
    BillingCycleService,
    BillingDetailsService,
    ProviderBillingService,
    { provide: PaymentProvider, useClass: StripePaymentProvider },
    MemberEventsListener,
    CompanyBrandingUpdatedListener,
    CompanyLifecycleService,
    CompanyLifecycleListener,
  ],
  exports: [Clock, BillingCycleService, SeatsService, SubscriptionsService, PaymentsService, InvoicesService],
})
export class BillingModule {}
