import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CompanyDeleted, CompanyRestored, SubscriptionUpdated } from '@roster/contracts';
import { eventually, mintAccessToken } from '@roster/testing';
import { operatorToken, StripeStandIn } from './billing-support';
import { companyEvents, directoryDb } from './directory-support';
import { E2E_PLATFORM_OPERATOR_ID } from './global-setup';
import { SyncroStandIn } from './psa-standins';
import { closeNats, companyKnownToIntegrations, publishEvent, subscriptionUpdated } from './psa-support';
import { api, audience, expectProblem, issuer, newUser, platform, signingKey, SignedUpUser } from './support';
import { WebhookReceiver } from './webhook-receiver';

const SLOW = { timeoutMs: 40_000, intervalMs: 250 };

/** Rows of a context's database (assertions only; the changes themselves go through the API and events). */
async function contextDb<T = any>(context: string, sql: string, params: unknown[]): Promise<T[]> {
  const db = new Client({ connectionString: platform().env[context].DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}
const integrationsDb = <T = any>(sql: string, params: unknown[] = []) =>
  contextDb<T>('integrations', sql, params);
const billingDb = <T = any>(sql: string, params: unknown[] = []) => contextDb<T>('billing', sql, params);

/** Whether one of integrations' durable consumers committed an event. */
const consumedBy = async (eventId: string, consumer: string) =>
  (
    await integrationsDb(`SELECT 1 FROM processed_events WHERE event_id = $1 AND consumer = $2`, [
      eventId,
      consumer,
    ])
  ).length === 1;

/** Both integrations consumers of a billing event (billing sync and the webhook/recipe fan-out) committed it. */
const fannedOut = async (eventId: string) => {
  const [{ n }] = await integrationsDb<{ n: number }>(
    `SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1`,
    [eventId],
  );
  return n >= 2;
};

describe('a company’s deletion, restore and purge reach billing and integrations', () => {
  const client = api();
  const stripe = new StripeStandIn();
  const syncro = new SyncroStandIn();
  const receiver = new WebhookReceiver();
  const planId = `lifecycle-${randomUUID().slice(0, 8)}`;
  let billingOperator: string;
  let directoryOperator: string;
  let owner: SignedUpUser;
  let stranger: SignedUpUser;

  const company = (id: string, rest = '') => `/api/v1/companies/${id}${rest}`;
  const billing = (id: string, rest: string) => company(id, `/billing/${rest}`);
  const subscriptionOf = async (id: string, token = billingOperator) => {
    const res = await client.get(billing(id, 'subscription'), token);
    expect(res.status).toBe(200);
    return res.body;
  };
  const lastLog = async (id: string, token = billingOperator) =>
    (await client.get(billing(id, 'subscription/log'), token)).body.items.at(-1);
  const pastGrace = (id: string) =>
    directoryDb(`UPDATE companies SET deleted_at = now() - interval '31 days' WHERE id = $1`, [id]);
  const purge = (id: string) =>
    client.post('/api/v1/admin/companies/purge', { companyId: id }, directoryOperator);

  /** A company integrations and billing both know, with a card and a subscription to the plan. */
  const subscribedCompany = async (name: string) => {
    const id = await companyKnownToIntegrations(owner, name);
    await eventually(
      async () => (await client.get(billing(id, 'details'), owner.accessToken)).status === 200,
    );
    const card = await client.post(
      billing(id, 'payment-method'),
      { token: 'pm_card_visa' },
      owner.accessToken,
    );
    expect(card.status).toBe(201);
    const sub = await client.post(billing(id, 'subscription'), { planId }, owner.accessToken);
    expect(sub.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    return id;
  };

  beforeAll(async () => {
    await Promise.all([stripe.start(), syncro.start(), receiver.start()]);
    [owner, stranger] = await Promise.all([newUser('lifecycle-owner'), newUser('lifecycle-stranger')]);
    billingOperator = await operatorToken();
    directoryOperator = await mintAccessToken({
      privateKeyPem: signingKey(),
      issuer,
      audience,
      subject: E2E_PLATFORM_OPERATOR_ID,
      sessionId: randomUUID(),
    });
    const plan = await client.post(
      '/api/v1/billing/plans',
      { id: planId, name: 'Lifecycle', pricePerSeatMinor: 1000, currency: 'EUR', interval: 'month' },
      billingOperator,
    );
    expect(plan.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all([stripe.stop(), syncro.stop(), receiver.stop()]);
    await closeNats();
  });

  it('deleted: cancels at period end and pauses deliveries; restored: resumes; purged: canceled, card detached, integrations gone', async () => {
    const id = await subscribedCompany('Lifecycle Co');
    const msp = await companyKnownToIntegrations(owner, 'Lifecycle MSP');

    // What runs for the company: a webhook endpoint, a recipe calling it, an OAuth integration of its own,
    // and a mapping in its provider's Syncro integration (billing sync).
    const endpoint = await client.post(
      company(id, '/webhooks'),
      { url: receiver.url('/lifecycle'), eventTypes: ['billing.events.*'] },
      owner.accessToken,
    );
    expect(endpoint.status).toBe(201);
    const recipe = await client.post(
      company(id, '/recipes'),
      {
        name: 'Forward subscription changes',
        eventType: 'billing.events.subscription.updated',
        actions: [{ type: 'webhook', endpointId: endpoint.body.id }],
      },
      owner.accessToken,
    );
    expect(recipe.status).toBe(201);
    const oauth = await client.post(
      company(id, '/integrations/oauth/microsoft365/activate'),
      { redirectUri: 'https://app.roster.test/oauth/callback' },
      owner.accessToken,
    );
    expect(oauth.status).toBe(201);
    // What the customer had switched off stays off after a restore.
    const offEndpoint = await client.post(
      company(id, '/webhooks'),
      { url: receiver.url('/lifecycle-off'), eventTypes: ['billing.events.*'], active: false },
      owner.accessToken,
    );
    expect(offEndpoint.status).toBe(201);
    const offRecipe = await client.post(
      company(id, '/recipes'),
      {
        name: 'Switched off',
        eventType: 'billing.events.subscription.updated',
        actions: [{ type: 'webhook', endpointId: endpoint.body.id }],
        enabled: false,
      },
      owner.accessToken,
    );
    expect(offRecipe.status).toBe(201);
    // Another company's endpoint, which the deletion must not touch.
    const mspEndpoint = await client.post(
      company(msp, '/webhooks'),
      { url: receiver.url('/lifecycle-msp'), eventTypes: ['billing.events.*'] },
      owner.accessToken,
    );
    expect(mspEndpoint.status).toBe(201);
    const connected = await client.post(
      company(msp, '/integrations/syncro'),
      { subdomain: 'lifecyclemsp', apiToken: SyncroStandIn.API_TOKEN, url: syncro.url },
      owner.accessToken,
    );
    expect(connected.status).toBe(201);
    const syncroBase = company(msp, `/integrations/syncro/${connected.body.id}`);
    const mapped = await client.patch(
      `${syncroBase}/mappings`,
      {
        data: [
          {
            organization: { id },
            company: { id: '31001', name: 'Acme Corporation' },
            billingConfigurations: { fields: { schedule_id: '5501', line_item_id: '88001' } },
          },
        ],
      },
      owner.accessToken,
    );
    expect(mapped.status).toBe(200);
    const syncPuts = () => syncro.calls('PUT', /\/schedules\/5501$/).length;
    const hooksOf = (eventId: string) =>
      receiver
        .on('/lifecycle')
        .filter((h) => h.json?.eventId === eventId || h.json?.event?.eventId === eventId);

    // Before the deletion everything flows: the webhook, the recipe's call and the PSA seat sync.
    const before = await publishEvent(SubscriptionUpdated, subscriptionUpdated(id, 4), id);
    await eventually(async () => hooksOf(before).length >= 2, SLOW);
    await eventually(async () => syncro.lineItemQuantity(5501, 88001) === 4, SLOW);

    // Deleted: billing schedules the cancellation (and says why), integrations pauses the company.
    expect((await client.delete(company(id), owner.accessToken)).status).toBe(204);
    await eventually(async () => (await subscriptionOf(id)).cancelAtPeriodEnd === true, SLOW);
    expect(await subscriptionOf(id)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    expect(await lastLog(id)).toMatchObject({
      kind: 'cancel_scheduled',
      detail: { reason: 'company_deleted' },
    });
    await eventually(
      async () =>
        (
          await integrationsDb(`SELECT 1 FROM company_pauses WHERE company_id = $1 AND restored_at IS NULL`, [
            id,
          ])
        ).length === 1,
      SLOW,
    );
    // The company is gone for its people: 404 (not 403) for the owner and others, 401 without a token.
    expectProblem(await client.get(billing(id, 'subscription'), owner.accessToken), 404);
    expectProblem(await client.get(billing(id, 'subscription'), stranger.accessToken), 404);
    expectProblem(await client.get(billing(id, 'subscription')), 401);
    expectProblem(await client.get(company(id, '/webhooks'), owner.accessToken), 404);

    // Work already under way when the pause came (a PSA sync or a delivery claimed by a worker) finishes.
    await eventually(async () => {
      const [{ n }] = await integrationsDb<{ n: number }>(
        `SELECT (SELECT count(*) FROM psa_jobs WHERE company_id = $1
                   AND status IN ('pending', 'running', 'retrying'))
              + (SELECT count(*) FROM webhook_deliveries WHERE company_id = $1 AND status = 'pending'
                   AND locked_until > now())
              + (SELECT count(*) FROM recipe_runs WHERE company_id = $1 AND status = 'pending'
                   AND locked_until > now() AND locked_until <> 'infinity') AS n`,
        [id],
      );
      return Number(n) === 0;
    }, SLOW);
    // While deleted nothing leaves for it: no webhook, no recipe call, no PSA seat sync.
    // (The deletion's own subscription.updated, the real seat count 1 with the cancellation scheduled, may
    // reach integrations before its pause and sync that count: it is the truth, and settled by now.)
    const hooksBefore = receiver.on('/lifecycle').length;
    const putsBefore = syncPuts();
    const quantityBefore = syncro.lineItemQuantity(5501, 88001);
    const during = await publishEvent(SubscriptionUpdated, subscriptionUpdated(id, 9), id);
    await eventually(() => fannedOut(during), SLOW);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // several dispatcher and worker polls
    expect(receiver.on('/lifecycle').length).toBe(hooksBefore);
    expect(syncPuts()).toBe(putsBefore);
    expect(syncro.lineItemQuantity(5501, 88001)).toBe(quantityBefore);
    expect(quantityBefore).not.toBe(9);
    // The pause is the deleted company's only: another company's endpoint still receives its events.
    const other = await publishEvent(SubscriptionUpdated, subscriptionUpdated(msp, 2), msp);
    await eventually(async () => receiver.on('/lifecycle-msp').some((h) => h.json?.eventId === other), SLOW);

    // Restored: the subscription renews again, the endpoint and the recipe are back, deliveries flow.
    const restored = await client.post(company(id, '/restore'), undefined, owner.accessToken);
    expect(restored.status).toBeLessThan(300);
    const [deletedEvent] = await companyEvents(id, 'directory.events.company.deleted');
    expect((await companyEvents(id, 'directory.events.company.restored')).map((e) => e.data)).toEqual([
      { companyId: id, deletedAt: deletedEvent.data.deletedAt, restoredAt: expect.any(String) },
    ]);
    await eventually(
      async () => (await subscriptionOf(id, owner.accessToken)).cancelAtPeriodEnd === false,
      SLOW,
    );
    expect(await lastLog(id, owner.accessToken)).toMatchObject({
      kind: 'resumed',
      detail: { reason: 'company_restored' },
    });
    await eventually(async () => {
      const res = await client.get(company(id, `/webhooks/${endpoint.body.id}`), owner.accessToken);
      return res.body.active === true && res.body.disabledReason === null;
    }, SLOW);
    expect(
      (await client.get(company(id, `/recipes/${recipe.body.id}`), owner.accessToken)).body.enabled,
    ).toBe(true);
    const offNow = await client.get(company(id, `/webhooks/${offEndpoint.body.id}`), owner.accessToken);
    expect(offNow.body).toMatchObject({ active: false, disabledReason: null });
    expect(
      (await client.get(company(id, `/recipes/${offRecipe.body.id}`), owner.accessToken)).body.enabled,
    ).toBe(false);
    const after = await publishEvent(SubscriptionUpdated, subscriptionUpdated(id, 5), id);
    await eventually(async () => hooksOf(after).length >= 2, SLOW);
    await eventually(async () => syncPuts() > putsBefore, SLOW);

    // Deleted again and purged after the grace period.
    expect((await client.delete(company(id), owner.accessToken)).status).toBe(204);
    await eventually(async () => (await subscriptionOf(id)).cancelAtPeriodEnd === true, SLOW);
    await eventually(
      async () =>
        (
          await integrationsDb(`SELECT 1 FROM company_pauses WHERE company_id = $1 AND restored_at IS NULL`, [
            id,
          ])
        ).length === 1,
      SLOW,
    );
    await pastGrace(id);
    expect((await purge(id)).body).toEqual({ purged: [id] });

    // Billing: canceled at once with a final invoice (kept, like every invoice), the card deleted and detached.
    await eventually(async () => (await subscriptionOf(id)).status === 'canceled', SLOW);
    const canceled = await subscriptionOf(id);
    expect(canceled).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: expect.any(String) });
    const log = (await client.get(billing(id, 'subscription/log'), billingOperator)).body.items;
    expect(log).toContainEqual(
      expect.objectContaining({
        kind: 'canceled',
        toStatus: 'canceled',
        detail: expect.objectContaining({ reason: 'company_purged', immediately: true }),
      }),
    );
    const invoices = await client.get(billing(id, 'invoices'), billingOperator);
    expect(invoices.body.items).toContainEqual(expect.objectContaining({ periodEnd: canceled.canceledAt }));
    expectProblem(await client.get(billing(id, 'payment-method'), billingOperator), 404);
    expect(stripe.detached).toContain('pm_card_visa');

    // Integrations: the company's integrations, endpoints (with their secrets), recipes and its mapping in
    // the provider's integration are gone; the provider's own integration stays.
    await eventually(async () => {
      const [{ n }] = await integrationsDb<{ n: number }>(
        `SELECT (SELECT count(*) FROM integrations WHERE company_id = $1)
              + (SELECT count(*) FROM integration_mappings WHERE company_id = $1)
              + (SELECT count(*) FROM webhook_endpoints WHERE company_id = $1)
              + (SELECT count(*) FROM recipes WHERE company_id = $1)
              + (SELECT count(*) FROM company_pauses WHERE company_id = $1) AS n`,
        [id],
      );
      return Number(n) === 0;
    }, SLOW);
    const mappings = await client.get(`${syncroBase}/mappings`, owner.accessToken);
    expect(mappings.status).toBe(200);
    expect(JSON.stringify(mappings.body)).not.toContain(id);
    expect((await client.get(syncroBase, owner.accessToken)).status).toBe(200);

    // Nothing leaves for it any more.
    const hooksAtPurge = receiver.on('/lifecycle').length;
    const putsAtPurge = syncPuts();
    const late = await publishEvent(SubscriptionUpdated, subscriptionUpdated(id, 2), id);
    await eventually(() => fannedOut(late), SLOW);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(receiver.on('/lifecycle').length).toBe(hooksAtPurge);
    expect(receiver.on('/lifecycle-off')).toEqual([]);
    expect(syncPuts()).toBe(putsAtPurge);
  });

  it('a cancellation the customer scheduled before the deletion stays after the restore', async () => {
    const id = await subscribedCompany('Leaving Co');
    const canceled = await client.delete(billing(id, 'subscription'), owner.accessToken);
    expect(canceled.status).toBeLessThan(300);
    expect((await subscriptionOf(id, owner.accessToken)).cancelAtPeriodEnd).toBe(true);
    const logBefore = (await client.get(billing(id, 'subscription/log'), owner.accessToken)).body.items
      .length;

    expect((await client.delete(company(id), owner.accessToken)).status).toBe(204);
    // Billing records the deletion, notes the cancellation was not its doing, and so leaves it on restore.
    await eventually(async () => {
      const [row] = await billingDb(`SELECT cancel_scheduled FROM company_deletions WHERE company_id = $1`, [
        id,
      ]);
      return row?.cancel_scheduled === false;
    }, SLOW);
    expect((await client.post(company(id, '/restore'), undefined, owner.accessToken)).status).toBeLessThan(
      300,
    );
    await eventually(async () => {
      const [row] = await billingDb(`SELECT restored_at FROM company_deletions WHERE company_id = $1`, [id]);
      return !!row?.restored_at;
    }, SLOW);
    const sub = await subscriptionOf(id, owner.accessToken);
    expect(sub).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    const log = (await client.get(billing(id, 'subscription/log'), owner.accessToken)).body.items;
    expect(log).toHaveLength(logBefore);
    expect(log.at(-1)).toMatchObject({ kind: 'cancel_scheduled' });
  });

  it('a restore that overtakes its deletion (separate consumers) leaves the company running', async () => {
    const id = await companyKnownToIntegrations(owner, 'Overtaken Co');
    const endpoint = await client.post(
      company(id, '/webhooks'),
      { url: receiver.url('/overtaken'), eventTypes: ['billing.events.*'] },
      owner.accessToken,
    );
    expect(endpoint.status).toBe(201);
    // Directory's two events, handed to integrations in the wrong order.
    const deletedAt = new Date().toISOString();
    const restore = await publishEvent(
      CompanyRestored,
      { companyId: id, deletedAt, restoredAt: new Date().toISOString() },
      id,
    );
    await eventually(() => consumedBy(restore, 'integrations--directory_events_company_restored'), SLOW);
    const deletion = await publishEvent(CompanyDeleted, { companyId: id, deletedAt }, id);
    await eventually(() => consumedBy(deletion, 'integrations--directory_events_company_deleted'), SLOW);
    const read = await client.get(company(id, `/webhooks/${endpoint.body.id}`), owner.accessToken);
    expect(read.body).toMatchObject({ active: true, disabledReason: null });
    const event = await publishEvent(SubscriptionUpdated, subscriptionUpdated(id, 3), id);
    await eventually(async () => receiver.on('/overtaken').some((h) => h.json?.eventId === event), SLOW);
  });
});
