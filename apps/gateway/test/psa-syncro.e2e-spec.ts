import { PaymentFailed, SubscriptionUpdated } from '@roster/contracts';
import { eventually } from '@roster/testing';
import { SyncroStandIn } from './psa-standins';
import {
  closeNats,
  companyKnownToIntegrations,
  paymentFailed,
  publishEvent,
  subscriptionUpdated,
} from './psa-support';
import { api, expectProblem, newUser, SignedUpUser } from './support';

const PAYMENT_FAILED_ALERT = '5b7c1d0e-2a41-4c43-9f0e-6a1d7c3e0a03';
const SLOW = { timeoutMs: 40_000, intervalMs: 250 };

describe('Syncro integration end to end', () => {
  const client = api();
  const put = (path: string, body: unknown, token: string) => client.request('PUT', path, { body, token });
  const syncro = new SyncroStandIn();
  let msp: SignedUpUser;
  let mspCompany: string;
  let acme: string;
  let base: string;

  beforeAll(async () => {
    await syncro.start();
    msp = await newUser('syncro-msp');
    [mspCompany, acme] = await Promise.all([
      companyKnownToIntegrations(msp, 'Syncro MSP'),
      companyKnownToIntegrations(msp, 'Acme Corporation'),
    ]);
  });
  afterAll(async () => {
    await syncro.stop();
    await closeNats();
  });

  it('refuses an API token Syncro rejects with 422, then connects with a good one', async () => {
    const path = `/api/v1/companies/${mspCompany}/integrations/syncro`;
    const bad = await client.post(
      path,
      { subdomain: 'rostermsp', apiToken: 'nope', url: syncro.url },
      msp.accessToken,
    );
    expectProblem(bad, 422);
    expect(bad.body.detail).toContain('Invalid API key');
    const res = await client.post(
      path,
      { subdomain: 'rostermsp', apiToken: SyncroStandIn.API_TOKEN, url: syncro.url },
      msp.accessToken,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'syncro',
      config: { subdomain: 'rostermsp', url: syncro.url },
      secretsStored: ['apiToken'],
    });
    base = `${path}/${res.body.id}`;
    // Updating the token is validated again.
    expectProblem(await client.patch(base, { apiToken: 'still-wrong' }, msp.accessToken), 422);
    expect((await client.patch(base, { apiToken: SyncroStandIn.API_TOKEN }, msp.accessToken)).status).toBe(
      200,
    );
  });

  it('proxies customers and billing mapping options (schedules with line items)', async () => {
    const customers = await client.get(`${base}/companies?pageSize=2`, msp.accessToken);
    expect(customers.body).toMatchObject({
      hasMore: true,
      items: [
        { id: '31001', name: 'Acme Corporation' },
        { id: '31002', name: 'Globex Industries' },
      ],
    });
    const last = await client.get(`${base}/companies?pageSize=2&page=2`, msp.accessToken);
    expect(last.body).toMatchObject({ hasMore: false, items: [{ id: '31003', name: 'Solo Person' }] });
    const options = await client.get(`${base}/billing-options?companyId=31001`, msp.accessToken);
    expect(options.body.items).toEqual([
      {
        id: '5501',
        name: 'Acme monthly',
        customerId: '31001',
        lineItems: [{ id: '88001', name: 'Roster seat', quantity: 2 }],
      },
    ]);
    expectProblem(await client.get(`${base}/agreements`, msp.accessToken), 422);
  });

  it('maps with Syncro billing configurations and syncs seats to the line item', async () => {
    const wrong = await client.patch(
      `${base}/mappings`,
      { data: [{ organization: { id: acme }, company: { id: '31001' }, agreement: { id: '1' } }] },
      msp.accessToken,
    );
    expect(expectProblem(wrong, 400).errors[0].field).toBe('data.0.agreement');
    // The schedule and its line item are looked up in Syncro: unknown ones, or another customer's, are refused.
    const billing = (customer: string, schedule_id: string, line_item_id: string) => ({
      organization: { id: acme },
      company: { id: customer },
      billingConfigurations: { fields: { schedule_id, line_item_id } },
    });
    const unknown = await client.patch(
      `${base}/mappings`,
      { data: [billing('31001', '5501', '88999')] },
      msp.accessToken,
    );
    expect(expectProblem(unknown, 400).errors).toEqual([
      {
        field: 'data.0.billingConfigurations.fields.line_item_id',
        message: 'schedule 5501 has no line item 88999',
      },
    ]);
    const foreign = await client.patch(
      `${base}/mappings`,
      { data: [billing('31002', '5501', '88001')] },
      msp.accessToken,
    );
    expect(expectProblem(foreign, 400).errors).toEqual([
      {
        field: 'data.0.billingConfigurations.fields.schedule_id',
        message: 'schedule 5501 belongs to another syncro company',
      },
    ]);
    const missing = await client.patch(
      `${base}/mappings`,
      { data: [billing('31001', '5999', '88001')] },
      msp.accessToken,
    );
    expect(expectProblem(missing, 400).errors[0]).toEqual({
      field: 'data.0.billingConfigurations.fields.schedule_id',
      message: 'unknown syncro schedule 5999',
    });
    expect((await client.get(`${base}/mappings`, msp.accessToken)).body.items).toEqual([]);
    const suggestions = await client.post(
      `${base}/mappings/suggestions`,
      { companyIds: [acme] },
      msp.accessToken,
    );
    expect(suggestions.body.items[0]).toMatchObject({
      company: { id: '31001', name: 'Acme Corporation' },
      score: 1,
    });
    const mapped = await client.patch(
      `${base}/mappings`,
      {
        data: [
          {
            organization: { id: acme },
            company: { id: '31001', name: 'Acme Corporation' },
            billingConfigurations: {
              fields: {
                schedule_id: '5501',
                line_item_id: '88001',
                schedule_name: 'Acme monthly',
                line_item_name: 'Roster seat',
              },
            },
          },
        ],
      },
      msp.accessToken,
    );
    expect(mapped.body.items[0].billingConfigurations).toEqual({
      fields: {
        schedule_id: '5501',
        line_item_id: '88001',
        schedule_name: 'Acme monthly',
        line_item_name: 'Roster seat',
      },
    });
    await publishEvent(SubscriptionUpdated, subscriptionUpdated(acme, 4), acme);
    await eventually(async () => syncro.lineItemQuantity(5501, 88001) === 4, SLOW);
    expect(syncro.calls('PUT', /\/schedules\/5501$/).at(-1)!.body).toEqual({
      line_items_attributes: [{ id: 88001, quantity: 4 }],
    });
  });

  it('needs a problem type for Syncro alerts and opens a new ticket only after the old one is resolved', async () => {
    const options = await client.get(`${base}/alerts/configuration/options`, msp.accessToken);
    expect(options.body).toMatchObject({
      problemTypes: expect.arrayContaining([{ id: 'Billing', name: 'Billing' }]),
      users: [{ id: '7', name: 'Tess Tech' }],
    });
    const missing = await put(
      `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
      { shouldCreateTickets: true },
      msp.accessToken,
    );
    expect(expectProblem(missing, 400).errors).toEqual([
      { field: 'problemType', message: 'is required for syncro' },
    ]);
    const objectStatus = await put(
      `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
      { shouldCreateTickets: true, problemType: 'Billing', status: { id: 1 } },
      msp.accessToken,
    );
    expectProblem(objectStatus, 400);
    const ok = await put(
      `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
      {
        shouldCreateTickets: true,
        problemType: 'Billing',
        status: 'New',
        priority: '1 High',
        userId: 7,
        dueDays: 1,
      },
      msp.accessToken,
    );
    expect(ok.status).toBe(200);
    await client.patch(`${base}/settings`, { automaticTicketing: true }, msp.accessToken);

    await publishEvent(PaymentFailed, paymentFailed(acme), acme);
    const first = await eventually(async () => [...syncro.tickets.values()][0], SLOW);
    expect(first).toMatchObject({
      customer_id: 31001,
      subject: 'Payment of 129.00 EUR failed',
      problem_type: 'Billing',
      status: 'New',
      priority: '1 High',
      user_id: 7,
      comments_attributes: [expect.objectContaining({ subject: 'Initial Issue' })],
    });
    first.status = 'Resolved';
    await publishEvent(PaymentFailed, paymentFailed(acme), acme);
    await eventually(async () => syncro.tickets.size === 2, SLOW);
  });

  it('removes the integration', async () => {
    expect((await client.delete(base, msp.accessToken)).status).toBe(204);
    expectProblem(await client.get(base, msp.accessToken), 404);
  });
});
