import { Test, TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { loadConfig } from '@roster/config';
import { EventEnvelope, MemberChangeData } from '@roster/contracts';
import { createTestDatabase, deleteStreams, dropDatabases, newRunId } from '@roster/testing';
import { AppModule } from '../src/app.module';
import { Clock, ManualClock } from '../src/common/clock';
import { BillingConfig } from '../src/config/billing.config';
import { CompanyLifecycleService } from '../src/lifecycle/company-lifecycle.service';
import { ChargeResult, PaymentProvider } from '../src/payments/payment-provider';
import { PlansService } from '../src/plans/plans.service';
import { SeatsService } from '../src/seats/seats.service';
import { SubscriptionsService } from '../src/subscriptions/subscriptions.service';

/** The payment port; records detached cards and can fail to detach (Stripe unreachable). */
class RecordingProvider extends PaymentProvider {
  readonly name = 'stripe';
  detached: string[] = [];
  failDetach = false;
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
  charged = 0;
  charge(): Promise<ChargeResult> {
    this.charged++;
    return Promise.resolve({ ok: true, reference: 'pi_1' });
  }
  override detach(id: string): Promise<void> {
    if (this.failDetach) return Promise.reject(new Error('unreachable'));
    this.detached.push(id);
    return Promise.resolve();
  }
}

const OPERATOR = { requestId: 't', actor: { type: 'service' as const, id: 'test' } };
const T0 = new Date('2026-03-01T00:00:00Z');
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);

const envelope = <D>(type: string, companyId: string, data: D): EventEnvelope<D> => ({
  eventId: randomUUID(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  tenantId: companyId,
  actor: { type: 'service', id: 'directory' },
  correlationId: null,
  causationId: null,
  data,
});

describe('billing follows company deletion, restore and purge (real Postgres)', () => {
  const runId = newRunId('bl');
  let app: TestingModule;
  let dataSource: DataSource;
  let clock: ManualClock;
  let provider: RecordingProvider;
  let lifecycle: CompanyLifecycleService;
  let subscriptions: SubscriptionsService;

  beforeAll(async () => {
    process.env.NATS_PREFIX = runId;
    const url = await createTestDatabase(`roster_${runId}_billing`);
    const config = loadConfig(BillingConfig, {
      ...process.env,
      DATABASE_URL: url,
      BILLING_CYCLE_INTERVAL_MS: '0',
    });
    clock = new ManualClock(T0);
    provider = new RecordingProvider();
    app = await Test.createTestingModule({ imports: [AppModule.register(config)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .overrideProvider(PaymentProvider)
      .useValue(provider)
      .compile();
    await app.init();
    dataSource = app.get(DataSource);
    lifecycle = app.get(CompanyLifecycleService);
    subscriptions = app.get(SubscriptionsService);
    const plans = app.get(PlansService);
    await plans.create(
      { id: 'team', name: 'Team', pricePerSeatMinor: 3000, currency: 'EUR', interval: 'year' },
      OPERATOR,
    );
    await plans.create(
      {
        id: 'trial',
        name: 'Trial',
        pricePerSeatMinor: 3000,
        currency: 'EUR',
        interval: 'month',
        trialDays: 14,
      },
      OPERATOR,
    );
  });

  afterAll(async () => {
    await app?.close();
    await deleteStreams(runId);
    await dropDatabases(`roster_${runId}`);
    delete process.env.NATS_PREFIX;
  });

  const subscribe = async (companyId: string, planId = 'team') => {
    await dataSource.query(
      `INSERT INTO billing_accounts (company_id, source_event_id, provider_customer_id) VALUES ($1, $2, 'cus_1')`,
      [companyId, randomUUID()],
    );
    await dataSource.query(
      `INSERT INTO payment_methods (company_id, provider, provider_payment_method_id, brand, last4, exp_month, exp_year)
       VALUES ($1, 'stripe', $2, 'visa', '4242', 1, 2040)`,
      [companyId, `pm_${companyId}`],
    );
    // The owner's seat, from directory's member event.
    const at = clock.now().toISOString();
    const seat: MemberChangeData = {
      companyId,
      userId: randomUUID(),
      role: 'owner',
      status: 'active',
      sequence: 1,
      activeSeats: 1,
      at,
    };
    await run((m) =>
      app.get(SeatsService).apply(envelope('directory.events.member.added', companyId, seat), false, m),
    );
    return subscriptions.create({ companyId, planId }, false, { tenantId: companyId, actor: OPERATOR.actor });
  };
  const run = (fn: (m: EntityManager) => Promise<unknown>) => dataSource.transaction(fn);
  const deleted = (companyId: string, deletedAt: Date) =>
    run((m) =>
      lifecycle.deleted(
        envelope('directory.events.company.deleted', companyId, {
          companyId,
          deletedAt: deletedAt.toISOString(),
        }),
        m,
      ),
    );
  const restored = (companyId: string, deletedAt: Date) =>
    run((m) =>
      lifecycle.restored(
        envelope('directory.events.company.restored', companyId, {
          companyId,
          deletedAt: deletedAt.toISOString(),
          restoredAt: clock.now().toISOString(),
        }),
        m,
      ),
    );
  const purged = (companyId: string, deletedAt: Date) =>
    run((m) =>
      lifecycle.purged(
        envelope('directory.events.company.purged', companyId, {
          companyId,
          deletedAt: deletedAt.toISOString(),
          purgedAt: clock.now().toISOString(),
          membersRemoved: 1,
          domainsReleased: [],
        }),
        m,
      ),
    );
  const subscription = (companyId: string) => subscriptions.get(companyId);
  const log = async (companyId: string) => (await subscriptions.history(companyId)).items;

  it('schedules the cancellation on deletion and resumes it on restore, logging why', async () => {
    const companyId = randomUUID();
    clock.set(T0);
    await subscribe(companyId);
    clock.set(days(1));
    await deleted(companyId, days(1));
    expect(await subscription(companyId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    expect((await log(companyId)).at(-1)).toMatchObject({
      kind: 'cancel_scheduled',
      detail: { reason: 'company_deleted' },
    });
    clock.set(days(2));
    await restored(companyId, days(1));
    expect(await subscription(companyId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    expect((await log(companyId)).at(-1)).toMatchObject({
      kind: 'resumed',
      detail: { reason: 'company_restored' },
    });
    // A restore seen twice (another event id for the same deletion) resumes nothing more.
    const entries = (await log(companyId)).length;
    await restored(companyId, days(1));
    expect(await log(companyId)).toHaveLength(entries);
  });

  it('leaves a cancellation the customer scheduled, across deletion and restore', async () => {
    const companyId = randomUUID();
    clock.set(T0);
    await subscribe(companyId);
    await subscriptions.update(
      { companyId, cancelAtPeriodEnd: true },
      { tenantId: companyId, actor: OPERATOR.actor },
    );
    const entries = (await log(companyId)).length;
    await deleted(companyId, days(1));
    await restored(companyId, days(1));
    expect(await subscription(companyId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    expect(await log(companyId)).toHaveLength(entries);
  });

  it('a restore that overtook its deletion makes that deletion a no-op; a later deletion counts', async () => {
    const companyId = randomUUID();
    clock.set(T0);
    await subscribe(companyId);
    await restored(companyId, days(1));
    await deleted(companyId, days(1));
    expect(await subscription(companyId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    // A later, new deletion is acted on, and its restore resumes.
    await deleted(companyId, days(3));
    expect(await subscription(companyId)).toMatchObject({ cancelAtPeriodEnd: true });
    await restored(companyId, days(3));
    expect(await subscription(companyId)).toMatchObject({ cancelAtPeriodEnd: false });
    // A second cycle where the restore overtakes again.
    await restored(companyId, days(5));
    await deleted(companyId, days(5));
    expect(await subscription(companyId)).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
  });

  it('purge cancels at once with a final invoice, removes and detaches the card, keeps invoices', async () => {
    const companyId = randomUUID();
    clock.set(T0);
    await subscribe(companyId);
    await deleted(companyId, days(1));
    clock.set(days(32));
    await purged(companyId, days(1));
    const sub = await subscription(companyId);
    expect(sub).toMatchObject({
      status: 'canceled',
      cancelAtPeriodEnd: false,
      canceledAt: days(32).toISOString(),
    });
    const invoices = await dataSource.query<Array<{ status: string; total_minor: number; period_end: Date }>>(
      `SELECT status, total_minor, period_end FROM invoices WHERE company_id = $1`,
      [companyId],
    );
    expect(invoices).toHaveLength(1);
    // 32 of 365 days of a 30.00 seat-year, not charged (the card is gone): left open for operators.
    expect(invoices[0]).toMatchObject({ status: 'open', period_end: days(32) });
    expect(Number(invoices[0].total_minor)).toBe(Math.round((3000 * 32) / 365));
    expect(provider.charged).toBe(0);
    expect(provider.detached).toContain(`pm_${companyId}`);
    expect(
      await dataSource.query(`SELECT 1 FROM payment_methods WHERE company_id = $1`, [companyId]),
    ).toEqual([]);
    expect((await log(companyId)).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['canceled', 'payment_method_removed']),
    );
    // A second purge event changes nothing (already canceled, no card).
    await purged(companyId, days(1));
    expect(
      await dataSource.query(`SELECT count(*)::int AS n FROM invoices WHERE company_id = $1`, [companyId]),
    ).toEqual([{ n: 1 }]);
  });

  it('purge of a trial issues no invoice; a card the provider cannot detach is still removed here', async () => {
    const companyId = randomUUID();
    clock.set(T0);
    await subscribe(companyId, 'trial');
    provider.failDetach = true;
    try {
      await purged(companyId, days(-30));
    } finally {
      provider.failDetach = false;
    }
    expect(await subscription(companyId)).toMatchObject({ status: 'canceled' });
    expect(await dataSource.query(`SELECT 1 FROM invoices WHERE company_id = $1`, [companyId])).toEqual([]);
    expect(
      await dataSource.query(`SELECT 1 FROM payment_methods WHERE company_id = $1`, [companyId]),
    ).toEqual([]);
  });
});
