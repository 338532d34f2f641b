import { Test, TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { loadConfig } from '@roster/config';
import {
  CheckProviderAccess,
  CountCompanySeats,
  EventEnvelope,
  ListProviderCustomers,
  MemberChangeData,
} from '@roster/contracts';
import { IdempotencyKeys, idempotencyScope, prefixed, RequestMeta, requestHash } from '@roster/messaging';
import { createTestDatabase, deleteStreams, dropDatabases, newRunId } from '@roster/testing';
import { AppModule } from '../src/app.module';
import { ManualClock, Clock } from '../src/common/clock';
import { BillingConfig } from '../src/config/billing.config';
import { BillingCycleService } from '../src/cycle/billing-cycle.service';
import { InvoicesService } from '../src/invoices/invoices.service';
import { ChargeResult, PaymentProvider } from '../src/payments/payment-provider';
import { PlansService } from '../src/plans/plans.service';
import { ProviderBillingService } from '../src/providers/provider-billing.service';
import { SeatsService } from '../src/seats/seats.service';
import { SubscriptionsService } from '../src/subscriptions/subscriptions.service';

/** The payment port, answering as told (Stripe itself is exercised end to end against a stand-in). */
class ScriptedProvider extends PaymentProvider {
  readonly name = 'stripe';
  decline = false;
  charges: number[] = [];
  publicKey() {
    return 'pk_test';
  }
  describe(token: string) {
    return Promise.resolve({
      paymentMethodId: token,
      brand: 'visa',
      last4: '4242',
      expMonth: 1,
      expYear: 2040,
    });
  }
  attach() {
    return Promise.resolve('cus_1');
  }
  charge(request: { amountMinor: number }): Promise<ChargeResult> {
    this.charges.push(request.amountMinor);
    return Promise.resolve(
      this.decline ? { ok: false, reason: 'card_declined' } : { ok: true, reference: 'pi_1' },
    );
  }
}

const OPERATOR = { requestId: 't', actor: { type: 'service' as const, id: 'test' } };
const T0 = new Date('2026-03-01T00:00:00Z'); // March: 31 days = 2,678,400 s
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

describe('billing cycle, seats and dunning (real Postgres and NATS, injected clock)', () => {
  const runId = newRunId('b');
  let app: TestingModule;
  let dataSource: DataSource;
  let clock: ManualClock;
  let provider: ScriptedProvider;
  let seats: SeatsService;
  let cycle: BillingCycleService;
  let nc: NatsConnection;
  const directorySeats = new Map<string, { activeSeats: number; sequence: number }>();
  const providerCustomers = new Map<string, Array<{ companyId: string; name: string }>>();
  const providerAdmins = new Map<string, string>();

  beforeAll(async () => {
    process.env.NATS_PREFIX = runId;
    const url = await createTestDatabase(`roster_${runId}_billing`);
    const config = loadConfig(BillingConfig, {
      ...process.env,
      DATABASE_URL: url,
      BILLING_CYCLE_INTERVAL_MS: '0',
      DUNNING_RETRY_SECONDS: '86400,172800',
    });
    clock = new ManualClock(T0);
    provider = new ScriptedProvider();
    app = await Test.createTestingModule({ imports: [AppModule.register(config)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .overrideProvider(PaymentProvider)
      .useValue(provider)
      .compile();
    await app.init();
    dataSource = app.get(DataSource);
    seats = app.get(SeatsService);
    cycle = app.get(BillingCycleService);
    // Directory's CountCompanySeats, answered over real NATS in Nest's packet format.
    nc = await connect({ servers: process.env.NATS_URL });
    const codec = JSONCodec<{ id: string; data: { companyId: string } }>();
    nc.subscribe(prefixed(CountCompanySeats.subject), {
      callback: (_, msg) => {
        const packet = codec.decode(msg.data);
        const truth = directorySeats.get(packet.data.companyId) ?? { activeSeats: 0, sequence: 0 };
        msg.respond(
          JSONCodec().encode({ id: packet.id, response: { companyId: packet.data.companyId, ...truth } }),
        );
      },
    });
    // Directory's provider RPCs (to be built by directory), answered the same way.
    nc.subscribe(prefixed(ListProviderCustomers.subject), {
      callback: (_, msg) => {
        const packet = JSONCodec<{ id: string; data: { providerId: string } }>().decode(msg.data);
        const customers = providerCustomers.get(packet.data.providerId) ?? [];
        msg.respond(
          JSONCodec().encode({ id: packet.id, response: { providerId: packet.data.providerId, customers } }),
        );
      },
    });
    nc.subscribe(prefixed(CheckProviderAccess.subject), {
      callback: (_, msg) => {
        const packet = JSONCodec<{ id: string; data: { providerId: string; userId: string } }>().decode(
          msg.data,
        );
        const { providerId, userId } = packet.data;
        const reply =
          providerAdmins.get(providerId) === userId
            ? { id: packet.id, response: { providerId, userId, role: 'admin' } }
            : { id: packet.id, err: { code: 'NOT_FOUND', status: 404, title: 'Not found' } };
        msg.respond(JSONCodec().encode(reply));
      },
    });
    const plans = app.get(PlansService);
    await plans.create(
      { id: 'team', name: 'Team', pricePerSeatMinor: 3000, currency: 'EUR', interval: 'month' },
      OPERATOR,
    );
    await plans.create(
      { id: 'small', name: 'Small', pricePerSeatMinor: 500, currency: 'EUR', interval: 'month', seatCap: 2 },
      OPERATOR,
    );
  });

  afterAll(async () => {
    await nc?.close();
    await app?.close();
    await deleteStreams(runId);
    await dropDatabases(`roster_${runId}`);
    delete process.env.NATS_PREFIX;
  });

  const member = (
    companyId: string,
    userId: string,
    sequence: number,
    at: Date,
    status: 'active' | 'disabled' = 'active',
  ): EventEnvelope<MemberChangeData> => ({
    eventId: randomUUID(),
    type: 'directory.events.member.added',
    version: 1,
    occurredAt: at.toISOString(),
    tenantId: companyId,
    actor: { type: 'service', id: 'directory' },
    correlationId: null,
    causationId: null,
    data: { companyId, userId, role: 'member', status, sequence, activeSeats: 0, at: at.toISOString() },
  });
  const apply = (event: EventEnvelope<MemberChangeData>, removed = false) =>
    dataSource.transaction((m) => seats.apply(event, removed, m));

  const openAccount = (companyId: string) =>
    dataSource.query(`INSERT INTO billing_accounts (company_id, source_event_id) VALUES ($1, $2)`, [
      companyId,
      randomUUID(),
    ]);

  const subscribe = async (companyId: string, planId: string) => {
    await openAccount(companyId);
    await dataSource.query(
      `INSERT INTO payment_methods (company_id, provider, provider_payment_method_id, brand, last4, exp_month, exp_year)
       VALUES ($1, 'stripe', 'pm_1', 'visa', '4242', 1, 2040)`,
      [companyId],
    );
    await dataSource.query(
      `UPDATE billing_accounts SET provider_customer_id = 'cus_1' WHERE company_id = $1`,
      [companyId],
    );
    return app.get(SubscriptionsService).create({ companyId, planId }, false, {
      tenantId: companyId,
      actor: OPERATOR.actor,
    });
  };

  it('never counts a redelivered or late event; disabled members hold no seat', async () => {
    const companyId = randomUUID();
    const [u1, u2] = [randomUUID(), randomUUID()];
    const added = member(companyId, u1, 2, T0);
    await apply(added);
    await apply(added); // redelivered: the same sequence
    await apply({ ...member(companyId, u1, 2, T0), eventId: randomUUID() }); // a new id, same sequence
    expect(await seats.count(companyId)).toBe(1);
    // Out of order: u2's removal (sequence 4) arrives before its addition (sequence 3).
    await apply(member(companyId, u2, 4, T0), true);
    await apply(member(companyId, u2, 3, T0));
    expect(await seats.count(companyId)).toBe(1);
    await apply(member(companyId, u1, 5, T0, 'disabled'));
    expect(await seats.count(companyId)).toBe(0);
    await apply(member(companyId, u1, 6, T0, 'active'));
    await apply(member(companyId, u1, 7, T0, 'active')); // a role change: no seat moves
    expect(await seats.count(companyId)).toBe(1);
    const changes = await dataSource.query(
      `SELECT delta FROM seat_changes WHERE company_id = $1 ORDER BY id`,
      [companyId],
    );
    expect(changes.map((c: { delta: number }) => c.delta)).toEqual([1, -1, 1]);
  });

  it('invoices the period at its end with seat changes prorated to the second; numbers are sequential', async () => {
    clock.set(T0);
    const a = randomUUID();
    const b = randomUUID();
    await apply(member(a, randomUUID(), 1, days(-1)));
    await apply(member(b, randomUUID(), 1, days(-1)));
    await subscribe(a, 'team');
    await subscribe(b, 'team');
    const joiner = randomUUID();
    await apply(member(a, joiner, 2, days(10))); // 21 of 31 days left: 3000 × 21/31 = 2032.26 → 2032
    await apply(member(a, joiner, 3, days(20)), true); // 11 days left: −1064.52 → −1065
    clock.set(days(31));
    const result = await cycle.run({ reconcile: false });
    expect(result).toMatchObject({ invoicesIssued: 2, paymentsAttempted: 2 });
    const invoices = app.get(InvoicesService);
    const listA = await invoices.list(a, { limit: 10, skip: 0, sort: [], filter: [] });
    const [inv] = listA.items;
    expect(inv.lines.map((l) => [l.kind, l.quantity, l.amountMinor])).toEqual([
      ['plan', 1, 3000],
      ['seat_change', 1, 2032],
      ['seat_change', -1, -1065],
    ]);
    expect(inv).toMatchObject({ totalMinor: 3967, status: 'paid', periodStart: T0.toISOString() });
    const numbers = [
      inv.number,
      (await invoices.list(b, { limit: 10, skip: 0, sort: [], filter: [] })).items[0].number,
    ];
    expect(numbers.sort()).toEqual(['RST-000001', 'RST-000002']);
    // The next period started where the last ended; running again changes nothing.
    const sub = await app.get(SubscriptionsService).get(a);
    expect(sub).toMatchObject({ status: 'active', currentPeriodStart: days(31).toISOString() });
    expect(await cycle.run({ reconcile: false })).toMatchObject({ invoicesIssued: 0, paymentsAttempted: 0 });
  });

  it('a failed charge makes the subscription past_due; retries follow the schedule, then it is canceled', async () => {
    clock.set(T0);
    const companyId = randomUUID();
    await apply(member(companyId, randomUUID(), 1, days(-1)));
    await subscribe(companyId, 'team');
    provider.decline = true;
    clock.set(days(31));
    await cycle.run({ reconcile: false });
    const subs = app.get(SubscriptionsService);
    expect((await subs.get(companyId)).status).toBe('past_due');
    const invoices = app.get(InvoicesService);
    let [inv] = (await invoices.list(companyId, { limit: 1, skip: 0, sort: [], filter: [] })).items;
    expect(inv).toMatchObject({ status: 'open', attempts: 1, nextPaymentAttemptAt: days(32).toISOString() });

    clock.set(new Date(days(32).getTime() - 1000)); // not yet due
    expect(await cycle.run({ reconcile: false })).toMatchObject({ paymentsAttempted: 0 });
    clock.set(days(32));
    await cycle.run({ reconcile: false });
    [inv] = (await invoices.list(companyId, { limit: 1, skip: 0, sort: [], filter: [] })).items;
    expect(inv).toMatchObject({ status: 'open', attempts: 2, nextPaymentAttemptAt: days(34).toISOString() });
    clock.set(days(34));
    await cycle.run({ reconcile: false });
    [inv] = (await invoices.list(companyId, { limit: 1, skip: 0, sort: [], filter: [] })).items;
    expect(inv).toMatchObject({ status: 'uncollectible', attempts: 3, nextPaymentAttemptAt: null });
    expect((await subs.get(companyId)).status).toBe('canceled');
    provider.decline = false;
  });

  it('reconciliation corrects drift from directory’s count, but not while events are in flight', async () => {
    clock.set(T0);
    const companyId = randomUUID();
    await apply(member(companyId, randomUUID(), 1, days(-1)));
    await subscribe(companyId, 'team');
    directorySeats.set(companyId, { activeSeats: 3, sequence: 2 }); // an event billing has not seen yet
    expect(await seats.reconcile([companyId])).toBe(0);
    expect(await seats.count(companyId)).toBe(1);
    directorySeats.set(companyId, { activeSeats: 3, sequence: 1 }); // same sequence, different count: drift
    expect(await seats.reconcile([companyId])).toBe(1);
    expect(await seats.count(companyId)).toBe(3);
    expect(await seats.reconcile([companyId])).toBe(0);
  });

  it('a plan with a seat cap admits only the members that fit', async () => {
    const companyId = randomUUID();
    await apply(member(companyId, randomUUID(), 1, days(-1)));
    expect(await seats.availability({ companyId, additional: 5 })).toEqual({
      companyId,
      allowed: 5,
      cap: null,
      used: 1,
    });
    await subscribe(companyId, 'small');
    expect(await seats.availability({ companyId, additional: 5 })).toEqual({
      companyId,
      allowed: 1,
      cap: 2,
      used: 1,
    });
  });

  it('idempotency (the platform IdempotencyKeys on billing’s migrated table): first result per key, 422 for another request, failures leave no key, a stale lease is taken over', async () => {
    const idem = app.get(IdempotencyKeys);
    const user = randomUUID();
    const meta = (key: string, id = user): RequestMeta => ({
      requestId: 't',
      actor: { type: 'user', id },
      idempotencyKey: key,
    });
    const op = 'billing.invoice.pay.v1';
    const leased = { leaseMs: 60_000 };
    let calls = 0;
    const work = () => Promise.resolve({ n: ++calls });
    expect(await idem.run(meta('k1'), op, { a: 1, b: [1, 2] }, work, leased)).toEqual({ n: 1 });
    expect(await idem.run(meta('k1'), op, { b: [1, 2], a: 1 }, work, leased)).toEqual({ n: 1 });
    await expect(idem.run(meta('k1'), op, { a: 2 }, work, leased)).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
    });
    // Another user's key of the same name is another key.
    expect(await idem.run(meta('k1', randomUUID()), op, { a: 1, b: [1, 2] }, work, leased)).toEqual({ n: 2 });
    await expect(
      idem.run(meta('k2'), op, {}, () => Promise.reject(new Error('boom')), leased),
    ).rejects.toThrow('boom');
    expect(await idem.run(meta('k2'), op, {}, work, leased)).toEqual({ n: 3 }); // a failure leaves no key
    // A first attempt that died after charging, before its commit: "in progress" while its lease holds (409),
    // taken over by a retry once the lease has run out (the charge itself is keyed at the provider).
    const scope = idempotencyScope(meta('k3'), op);
    await dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, holder, locked_until, expires_at)
       VALUES ($1, 'k3', $2, $3, now() + interval '30 seconds', now() + interval '1 day')`,
      [scope, requestHash({ x: 1 }), randomUUID()],
    );
    await expect(idem.run(meta('k3'), op, { x: 1 }, work, leased)).rejects.toMatchObject({
      code: 'CONFLICT',
      retryAfterSeconds: expect.any(Number),
    });
    await dataSource.query(
      `UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE scope = $1 AND key = 'k3'`,
      [scope],
    );
    expect(await idem.run(meta('k3'), op, { x: 1 }, work, leased)).toEqual({ n: 4 });
    expect(await idem.run(meta('k3'), op, { x: 1 }, work, leased)).toEqual({ n: 4 });
    expect(calls).toBe(4);
  });

  it('provider billing: contract, licences per customer, and an invoice aggregating the customers’ seats', async () => {
    const providerId = randomUUID();
    const [c1, c2] = [randomUUID(), randomUUID()];
    providerCustomers.set(providerId, [
      { companyId: c1, name: 'One' },
      { companyId: c2, name: 'Two' },
    ]);
    const admin = randomUUID();
    providerAdmins.set(providerId, admin);
    const providers = app.get(ProviderBillingService);
    const asAdmin = { requestId: 't', actor: { type: 'user' as const, id: admin } };
    await providers.requireProviderAdmin(providerId, asAdmin);
    await expect(
      providers.requireProviderAdmin(providerId, {
        requestId: 't',
        actor: { type: 'user', id: randomUUID() },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const contract = await providers.putContract({
      providerId,
      currency: 'EUR',
      termStart: days(0).toISOString(),
      termEnd: days(365).toISOString(),
      products: [
        { sku: 'platform', name: 'Platform fee', quantity: 1, unitPriceMinor: 50_000, perSeat: false },
        { sku: 'seat', name: 'Seat', quantity: 10, unitPriceMinor: 400, perSeat: true },
      ],
    });
    expect(contract.products).toHaveLength(2);
    for (let i = 0; i < 3; i++) await apply(member(c1, randomUUID(), i + 1, days(1)));
    const leaver = randomUUID();
    await apply(member(c2, leaver, 1, days(1)));
    await apply(member(c2, leaver, 2, days(2)), true);
    await providers.setLicences(providerId, c2, 2, asAdmin);
    const { items } = await providers.licences(providerId, asAdmin);
    expect(items).toEqual([
      { companyId: c1, name: 'One', purchased: 0, used: 3, activeUsers: 3 },
      { companyId: c2, name: 'Two', purchased: 2, used: 0, activeUsers: 1 },
    ]);
    await expect(providers.setLicences(providerId, randomUUID(), 1, asAdmin)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const invoice = await providers.issueInvoice(providerId, days(0), days(30));
    expect(invoice.lines.map((l) => [l.quantity, l.amountMinor])).toEqual([
      [1, 50_000], // platform fee
      [3, 1200], // One: 3 seats
      [2, 800], // Two: no seats in use, 2 licences purchased
      [5, 2000], // 10 committed, 5 billed above
    ]);
    expect(invoice.totalMinor).toBe(54_000);
    expect(invoice.number).toMatch(/^RST-\d{6}$/);
    expect((await providers.listInvoices(providerId)).items.map((i) => i.id)).toEqual([invoice.id]);
    expect(await providers.getInvoice(providerId, invoice.id)).toEqual(invoice);
  });
});
