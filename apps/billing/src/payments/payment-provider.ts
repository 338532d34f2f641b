/** A card as the payment provider describes it (never the number). */
export interface CardDetails {
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type ChargeResult = { ok: true; reference: string } | { ok: false; reason: string };

/** The port billing charges through; adapters: Stripe (cards) and manual (paid externally, never charged). */
export abstract class PaymentProvider {
  abstract readonly name: string;
  abstract publicKey(): string | null;
  /** Looks the token (a payment method id created in the browser) up: the card's brand, last 4, expiry. */
  abstract describe(token: string): Promise<CardDetails>;
  /** The provider's customer for the company (created on first use) with the card attached. */
  abstract attach(
    card: CardDetails,
    customerId: string | null,
    companyId: string,
    email: string | null,
  ): Promise<string>;
  abstract charge(request: {
    customerId: string;
    paymentMethodId: string;
    amountMinor: number;
    currency: string;
    description: string;
    idempotencyKey: string;
    invoiceId: string;
  }): Promise<ChargeResult>;
  /** Detaches a card from the provider's customer (a purged company); adapters without cards do nothing. */
  async detach(_paymentMethodId: string): Promise<void> {
    return undefined;
  }
}
