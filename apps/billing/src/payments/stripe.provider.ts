import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { AppError } from '@roster/contracts';
import { BillingConfig } from '../config/billing.config';
import { CardDetails, ChargeResult, PaymentProvider } from './payment-provider';

/** Stripe through its official client; STRIPE_API_BASE points it elsewhere (a local stand-in in tests). */
@Injectable()
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(private readonly config: BillingConfig) {
    super();
    const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : null;
    this.stripe = new Stripe(config.STRIPE_SECRET_KEY, {
      maxNetworkRetries: 1,
      timeout: config.STRIPE_TIMEOUT_MS,
      telemetry: false,
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === 'https:' ? 443 : 80),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
  }

  publicKey(): string {
    return this.config.STRIPE_PUBLISHABLE_KEY;
  }

  async describe(token: string): Promise<CardDetails> {
    let pm: Stripe.PaymentMethod;
    try {
      pm = await this.stripe.paymentMethods.retrieve(token);
    } catch (error) {
      throw translate(error, 'The card token is not valid');
    }
    if (!pm.card) throw new AppError('UNPROCESSABLE', 'The token is not a card');
    return {
      paymentMethodId: pm.id,
      brand: pm.card.brand,
      last4: pm.card.last4,
      expMonth: pm.card.exp_month,
      expYear: pm.card.exp_year,
    };
  }

  async attach(
    card: CardDetails,
    customerId: string | null,
    companyId: string,
    email: string | null,
  ): Promise<string> {
    try {
      const customer =
        customerId ??
        (
          await this.stripe.customers.create(
            { metadata: { companyId }, ...(email ? { email } : {}) },
            { idempotencyKey: `customer-${companyId}` },
          )
        ).id;
      await this.stripe.paymentMethods.attach(card.paymentMethodId, { customer });
      return customer;
    } catch (error) {
      throw translate(error, 'The card could not be attached');
    }
  }

  /** Detaching a card Stripe no longer knows (or already detached) counts as done. */
  override async detach(paymentMethodId: string): Promise<void> {
    try {
      await this.stripe.paymentMethods.detach(paymentMethodId);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError) return;
      throw translate(error, 'The card could not be detached');
    }
  }

  async charge(request: Parameters<PaymentProvider['charge']>[0]): Promise<ChargeResult> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amountMinor,
          currency: request.currency.toLowerCase(),
          customer: request.customerId,
          payment_method: request.paymentMethodId,
          off_session: true,
          description: request.description,
          metadata: { invoiceId: request.invoiceId },
        },
        { idempotencyKey: `${request.idempotencyKey}-create` },
      );
      const confirmed = await this.stripe.paymentIntents.confirm(
        intent.id,
        {},
        { idempotencyKey: `${request.idempotencyKey}-confirm` },
      );
      if (confirmed.status === 'succeeded') return { ok: true, reference: confirmed.id };
      return { ok: false, reason: `payment ${confirmed.status}` };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError)
        return { ok: false, reason: error.decline_code ?? error.code ?? 'card_declined' };
      if (error instanceof Stripe.errors.StripeError) return { ok: false, reason: error.code ?? error.type };
      return { ok: false, reason: 'payment provider unreachable' };
    }
  }
}

function translate(error: unknown, message: string): AppError {
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeCardError
  )
    return new AppError('UNPROCESSABLE', `${message}: ${error.message}`);
  return new AppError('SERVICE_UNAVAILABLE', 'The payment provider is not reachable');
}
