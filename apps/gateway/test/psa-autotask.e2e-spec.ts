import { PaymentFailed, SubscriptionUpdated } from '@roster/contracts';
import { eventually } from '@roster/testing';
import { AutotaskStandIn } from './psa-standins';
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

describe('Autotask integration end to end', () => {
  const client = api();
  const put = (path: string, body: unknown, token: string) => client.request('PUT', path, { body, token });
  const at = new AutotaskStandIn();
  let msp: SignedUpUser;
  let mspCompany: string;
  let acme: string;
  let base: string;

  beforeAll(async () => {
    await at.start();
    msp = await newUser('at-msp');
    [mspCompany, acme] = await Promise.all([
      companyKnownToIntegrations(msp, 'Autotask MSP'),
      companyKnownToIntegrations(msp, 'Acme'),
    ]);
  });
  afterAll(async () => {
    await at.stop();
    await closeNats();
  });

  const credentials = (overrides: Record<string, string> = {}) => ({
    url: at.url,
    ...AutotaskStandIn.CREDENTIALS,
    ...overrides,
  });

  it('refuses credentials Autotask rejects with 422 and its reason', async () => {
    const res = await client.post(
      `/api/v1/companies/${mspCompany}/integrations/autotask`,
      credentials({ secret: 'wrong' }),
      msp.accessToken,
    );
    expectProblem(res, 422, 'UNPROCESSABLE');
    expect(res.body.detail).toContain('the user name or secret is not valid');
    expectProblem(
      await client.post(
        `/api/v1/companies/${mspCompany}/integrations/autotask`,
        { url: at.url, username: 'x' },
        msp.accessToken,
      ),
      400,
    );
  });

  it('connects with the Autotask headers and proxies look-ups, paging through nextPageUrl', async () => {
    const res = await client.post(
      `/api/v1/companies/${mspCompany}/integrations/autotask`,
      credentials(),
      msp.accessToken,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'autotask',
      config: { url: at.url, username: AutotaskStandIn.CREDENTIALS.username, integrationCode: 'ROSTERTRACK' },
      secretsStored: ['secret'],
    });
    expect(JSON.stringify(res.body)).not.toContain(AutotaskStandIn.CREDENTIALS.secret);
    base = `/api/v1/companies/${mspCompany}/integrations/autotask/${res.body.id}`;
    const check = at.calls('GET', /ThresholdInformation$/).at(-1)!;
    expect(check.headers).toMatchObject({
      apiintegrationcode: 'ROSTERTRACK',
      username: AutotaskStandIn.CREDENTIALS.username,
    });

    const page2 = await client.get(`${base}/companies?pageSize=2&page=2`, msp.accessToken);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 2, hasMore: false });
    expect(page2.body.items).toEqual([{ id: '29683503', name: 'Initech', companyType: 3 }]);
    expect(at.calls('GET', /Companies\/query\/next$/)).toHaveLength(1);

    const types = await client.get(`${base}/company-types`, msp.accessToken);
    expect(types.body.items.map((t: any) => t.name)).toEqual(['Customer', 'Lead', 'Prospect']);
    await client.patch(`${base}/settings`, { companyTypeIds: [3] }, msp.accessToken);
    const prospects = await client.get(`${base}/companies`, msp.accessToken);
    expect(prospects.body.items.map((c: any) => c.name)).toEqual(['Initech']);
    await client.patch(`${base}/settings`, { companyTypeIds: [] }, msp.accessToken);

    const contracts = await client.get(`${base}/agreements?companyId=29683501`, msp.accessToken);
    expect(contracts.body.items).toEqual([
      { id: '29684001', name: 'Acme Per-Seat', companyId: '29683501', status: 1 },
    ]);
    const services = await client.get(`${base}/agreements/29684001/additions`, msp.accessToken);
    expect(services.body.items).toEqual([{ id: '29685001', name: 'Roster seat', serviceId: '77' }]);
  });

  it('maps a company to a contract service and adjusts its units from billing', async () => {
    // Contracts and contract services are looked up in Autotask (the contract must be the company's).
    const bad = await client.patch(
      `${base}/mappings`,
      {
        data: [
          {
            organization: { id: acme },
            company: { id: '29683501' },
            agreement: { id: '29684001' },
            addition: { id: '29685999' },
          },
        ],
      },
      msp.accessToken,
    );
    expect(expectProblem(bad, 400).errors).toEqual([
      { field: 'data.0.addition.id', message: 'agreement 29684001 has no addition 29685999' },
    ]);
    const foreign = await client.patch(
      `${base}/mappings`,
      { data: [{ organization: { id: acme }, company: { id: '29683502' }, agreement: { id: '29684001' } }] },
      msp.accessToken,
    );
    expect(expectProblem(foreign, 400).errors).toEqual([
      { field: 'data.0.agreement.id', message: 'agreement 29684001 belongs to another autotask company' },
    ]);
    const mapped = await client.patch(
      `${base}/mappings`,
      {
        data: [
          {
            organization: { id: acme },
            company: { id: '29683501', name: 'Acme Corporation' },
            agreement: { id: '29684001', name: 'Acme Per-Seat' },
            addition: { id: '29685001', name: 'Roster seat' },
          },
        ],
      },
      msp.accessToken,
    );
    expect(mapped.body).toMatchObject({ created: 1 });
    await publishEvent(SubscriptionUpdated, subscriptionUpdated(acme, 5), acme);
    await eventually(async () => at.unitsOf(29685001) === 5, SLOW);
    expect(at.adjustments).toEqual([
      { contractID: 29684001, contractServiceID: 29685001, effectiveDate: expect.any(String), unitChange: 2 },
    ]);
  });

  it('validates the Autotask alert configuration and opens tickets with it', async () => {
    const options = await client.get(`${base}/alerts/configuration/options`, msp.accessToken);
    expect(options.body).toMatchObject({
      queues: [{ id: '29682833', name: 'Client Portal' }],
      statuses: expect.arrayContaining([{ id: '1', name: 'New' }]),
      resources: [{ id: '29682885', name: 'Ada Tech' }],
      roles: [{ id: '29683461', name: 'Engineer' }],
    });
    const missing = await put(
      `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
      { shouldCreateTickets: true },
      msp.accessToken,
    );
    expect(
      expectProblem(missing, 400)
        .errors.map((e: any) => e.field)
        .sort(),
    ).toEqual(['destination', 'dueDays', 'priority', 'status']);
    const ok = await put(
      `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
      {
        shouldCreateTickets: true,
        queue: { id: 29682833, name: 'Client Portal' },
        status: { id: 1, name: 'New' },
        priority: { id: 1, name: 'High' },
        dueDays: 3,
        resource: { id: 29682885, name: 'Ada Tech', role: { id: 29683461, name: 'Engineer' } },
        destination: 'company',
      },
      msp.accessToken,
    );
    expect(ok.status).toBe(200);
    await client.patch(`${base}/settings`, { automaticTicketing: true }, msp.accessToken);

    await publishEvent(PaymentFailed, paymentFailed(acme), acme);
    const ticket = await eventually(async () => [...at.tickets.values()][0], SLOW);
    expect(ticket).toMatchObject({
      companyID: 29683501,
      title: 'Payment of 129.00 EUR failed',
      queueID: 29682833,
      status: 1,
      priority: 1,
      assignedResourceID: 29682885,
      assignedResourceRoleID: 29683461,
    });
    // Still open in Autotask: the next failure does not open another.
    await publishEvent(PaymentFailed, paymentFailed(acme), acme);
    await eventually(async () => {
      const r = await client.get(`${base}/sync-runs`, msp.accessToken);
      return r.body.items.some((j: any) => /deduplicated/.test(j.result ?? ''));
    }, SLOW);
    expect(at.tickets.size).toBe(1);
  });
});
