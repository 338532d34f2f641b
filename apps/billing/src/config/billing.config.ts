import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig, toBoolean } from '@roster/config';

export class BillingConfig extends ServiceConfig {
  override HTTP_PORT = 3003;

  /** Platform operators (manage plans, run the cycle): user ids, comma separated. Service actors are too. */
  @IsString() PLATFORM_OPERATORS = '';

  /** How often the billing cycle runs in the service (invoices due, dunning, reconciliation); 0: never. */
  @Type(() => Number) @IsInt() @Min(0) BILLING_CYCLE_INTERVAL_MS = 60_000;

  /** Dunning: seconds after a failed charge for each retry; after the last one fails, the subscription is canceled. */
  @Matches(/^\d+(,\d+)*$/) DUNNING_RETRY_SECONDS = '259200,432000,604800';

  /** Who issues the invoices; numbers run sequentially per issuer: `<INVOICE_PREFIX>-000001`. */
  @IsString() INVOICE_ISSUER = 'Roster';
  @Matches(/^[A-Z0-9]{1,12}$/) INVOICE_PREFIX = 'RST';

  /** `stripe` charges cards through Stripe; `none` keeps only manual (externally paid) billing. */
  @IsIn(['stripe', 'none']) PAYMENT_PROVIDER: 'stripe' | 'none' = 'stripe';
  @IsString() STRIPE_SECRET_KEY = 'sk_test_roster';
  @IsString() STRIPE_PUBLISHABLE_KEY = 'pk_test_roster';
  /** Where the Stripe client sends its calls (tests point it at a local stand-in); empty: api.stripe.com. */
  @IsOptional() @Matches(/^(https?:\/\/[^/]+)?$/) STRIPE_API_BASE = '';
  @Type(() => Number) @IsInt() @Min(1000) @Max(60_000) STRIPE_TIMEOUT_MS = 10_000;

  /** Lets operators run the cycle `asOf` another moment (test clocks). Tests only: never in production. */
  @Transform(toBoolean) @IsBoolean() BILLING_TEST_CLOCKS = false;

  get operatorIds(): Set<string> {
    return new Set(
      this.PLATFORM_OPERATORS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }

  get dunningSchedule(): number[] {
    return this.DUNNING_RETRY_SECONDS.split(',').map(Number);
  }
}
