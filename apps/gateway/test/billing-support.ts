import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { Client } from 'pg';
import { mintAccessToken } from '@roster/testing';
import { E2E_BILLING_OPERATOR_ID } from './global-setup';
import { audience, issuer, platform, signingKey } from './support';

/** An access token of billing's platform operator in this run (see global-setup's PLATFORM_OPERATORS). */
export function operatorToken(): Promise<string> {
  return mintAccessToken({
    privateKeyPem: signingKey(),
    issuer,
    audience,
    subject: E2E_BILLING_OPERATOR_ID,
    sessionId: randomUUID(),
  });
}

type MemberEventKind = 'added' | 'removed' | 'disabled' | 'enabled' | 'role_changed';

export interface PublishedMemberEvent {
  subject: string;
  envelope: {
    eventId: string;
    type: string;
    version: number;
    occurredAt: string;
    tenantId: string;
    actor: { type: 'service'; id: string };
    correlationId: null;
    causationId: null;
    data: {
      companyId: string;
      userId: string;
      role: string;
      status: 'active' | 'disabled';
      sequence: number;
      activeSeats: number;
      at: string;
      previousRole?: string;
    };
  };
}

/**
 * Member changes for billing's tests, standing in for directory's member REST routes
 * (`POST/PATCH/DELETE /api/v1/companies/{id}/members`), which are built on another branch.
 *
 * COORDINATOR: once those routes are merged, replace `add`/`remove`/`disable` with calls to them (directory
 * then writes the membership and emits the event itself). Until then this helper does both halves by hand:
 *  1. writes the membership row into directory's database, so CheckCompanyAccess (roles, 403/404) agrees;
 *  2. publishes the member event envelope straight to JetStream on the run's prefixed subject, with the
 *     company's next `sequence` (company creation was sequence 1) and the resulting `activeSeats`.
 * `redeliver` publishes an event again (the same eventId, or a new one with the same sequence) to prove
 * billing never counts a seat twice.
 */
export class MemberEvents {
  private nc?: NatsConnection;
  private db?: Client;
  private readonly codec = JSONCodec();
  private readonly sequences = new Map<string, number>();
  private readonly active = new Map<string, Set<string>>();

  async start(): Promise<void> {
    this.nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    this.db = new Client({ connectionString: process.env.E2E_DIRECTORY_DATABASE_URL });
    await this.db.connect();
  }

  async stop(): Promise<void> {
    await this.nc?.drain();
    await this.db?.end();
  }

  /** A company just created through the API: its owner is member 1 (sequence 1). */
  companyCreated(companyId: string, ownerId: string): void {
    this.sequences.set(companyId, 1);
    this.active.set(companyId, new Set([ownerId]));
  }

  async add(companyId: string, userId: string, role: 'admin' | 'member' = 'member') {
    await this.db!.query(`INSERT INTO memberships (company_id, user_id, role) VALUES ($1, $2, $3)`, [
      companyId,
      userId,
      role,
    ]);
    this.seats(companyId).add(userId);
    return this.publish('added', companyId, userId, role, 'active');
  }

  async remove(companyId: string, userId: string) {
    await this.db!.query(`DELETE FROM memberships WHERE company_id = $1 AND user_id = $2`, [
      companyId,
      userId,
    ]);
    this.seats(companyId).delete(userId);
    return this.publish('removed', companyId, userId, 'member', 'active');
  }

  /** Publishes an event again: the same envelope (a redelivery), or a new event id with the same sequence. */
  async redeliver(event: PublishedMemberEvent, newEventId = false): Promise<void> {
    const envelope = newEventId ? { ...event.envelope, eventId: randomUUID() } : event.envelope;
    await this.nc!.jetstream().publish(event.subject, this.codec.encode(envelope), { msgID: randomUUID() });
  }

  private seats(companyId: string): Set<string> {
    if (!this.active.has(companyId)) throw new Error(`call companyCreated(${companyId}) first`);
    return this.active.get(companyId)!;
  }

  private async publish(
    kind: MemberEventKind,
    companyId: string,
    userId: string,
    role: string,
    status: 'active' | 'disabled',
  ): Promise<PublishedMemberEvent> {
    const sequence = (this.sequences.get(companyId) ?? 1) + 1;
    this.sequences.set(companyId, sequence);
    const type = `directory.events.member.${kind}`;
    const subject = `${platform().runId}.${type}`;
    const event: PublishedMemberEvent = {
      subject,
      envelope: {
        eventId: randomUUID(),
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        tenantId: companyId,
        actor: { type: 'service', id: 'e2e' },
        correlationId: null,
        causationId: null,
        data: {
          companyId,
          userId,
          role,
          status,
          sequence,
          activeSeats: this.seats(companyId).size,
          at: new Date().toISOString(),
        },
      },
    };
    await this.nc!.jetstream().publish(subject, this.codec.encode(event.envelope), {
      msgID: event.envelope.eventId,
    });
    return event;
  }
}

interface StandInCard {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  declines: boolean;
}

/**
 * A local stand-in for Stripe's HTTP API, for the calls billing makes: payment methods (retrieve, attach),
 * customers (create), payment intents (create, confirm), detaching a payment method. Tokens `pm_card_visa`
 * and `pm_card_mastercard` succeed; `pm_card_chargeDeclined` attaches but every charge is declined
 * (402 card_error), as in Stripe's test mode. It records the charges it saw and the cards it detached.
 */
export class StripeStandIn {
  private server?: Server;
  readonly charges: Array<{
    amount: number;
    currency: string;
    customer: string;
    paymentMethod: string;
    ok: boolean;
  }> = [];
  private readonly cards: Record<string, StandInCard> = {
    pm_card_visa: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034, declines: false },
    pm_card_mastercard: { brand: 'mastercard', last4: '4444', exp_month: 6, exp_year: 2033, declines: false },
    pm_card_chargeDeclined: { brand: 'visa', last4: '0002', exp_month: 1, exp_year: 2035, declines: true },
  };
  /** Payment methods billing detached (a purged company's card). */
  readonly detached: string[] = [];
  private readonly intents = new Map<string, Record<string, unknown>>();
  private counter = 0;

  async start(): Promise<void> {
    const base = new URL(platform().env.billing.STRIPE_API_BASE);
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => this.handle(req, res, new URLSearchParams(body)));
    });
    await new Promise<void>((resolve) => this.server!.listen(Number(base.port), '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++this.counter}` });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== 'Bearer sk_test_roster')
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    const path = (req.url ?? '').split('?')[0];
    const missing = (id: string) =>
      send(404, {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such PaymentMethod: '${id}'`,
        },
      });
    let m: RegExpMatchArray | null;
    if (req.method === 'GET' && (m = path.match(/^\/v1\/payment_methods\/([\w]+)$/))) {
      const card = this.cards[m[1]];
      return card ? send(200, this.paymentMethod(m[1], card, null)) : missing(m[1]);
    }
    if (req.method === 'POST' && (m = path.match(/^\/v1\/payment_methods\/([\w]+)\/attach$/))) {
      const card = this.cards[m[1]];
      return card ? send(200, this.paymentMethod(m[1], card, form.get('customer'))) : missing(m[1]);
    }
    if (req.method === 'POST' && (m = path.match(/^\/v1\/payment_methods\/([\w]+)\/detach$/))) {
      const card = this.cards[m[1]];
      if (!card) return missing(m[1]);
      this.detached.push(m[1]);
      return send(200, this.paymentMethod(m[1], card, null));
    }
    if (req.method === 'POST' && path === '/v1/customers')
      return send(200, { id: `cus_${++this.counter}`, object: 'customer', email: form.get('email') });
    if (req.method === 'POST' && path === '/v1/payment_intents') {
      const intent = {
        id: `pi_${++this.counter}`,
        object: 'payment_intent',
        amount: Number(form.get('amount')),
        currency: form.get('currency'),
        customer: form.get('customer'),
        payment_method: form.get('payment_method'),
        status: 'requires_confirmation',
      };
      this.intents.set(intent.id, intent);
      return send(200, intent);
    }
    if (req.method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/([\w]+)\/confirm$/))) {
      const intent = this.intents.get(m[1]);
      if (!intent) return send(404, { error: { type: 'invalid_request_error', code: 'resource_missing' } });
      const card = this.cards[String(intent.payment_method)];
      const ok = !!card && !card.declines;
      this.charges.push({
        amount: Number(intent.amount),
        currency: String(intent.currency),
        customer: String(intent.customer),
        paymentMethod: String(intent.payment_method),
        ok,
      });
      if (!ok)
        return send(402, {
          error: {
            type: 'card_error',
            code: 'card_declined',
            decline_code: 'generic_decline',
            message: 'Your card was declined.',
            payment_intent: { ...intent, status: 'requires_payment_method' },
          },
        });
      return send(200, { ...intent, status: 'succeeded' });
    }
    send(404, {
      error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method} ${path})` },
    });
  }

  private paymentMethod(id: string, card: StandInCard, customer: string | null) {
    const { brand, last4, exp_month, exp_year } = card;
    return {
      id,
      object: 'payment_method',
      type: 'card',
      customer,
      card: { brand, last4, exp_month, exp_year },
    };
  }
}
