import { Client } from 'pg';
import {
  AccountLocked,
  InvoiceFinalized,
  OpenPsaTicket,
  PaymentFailed,
  SubscriptionUpdated,
} from '@roster/contracts';
import { eventually } from '@roster/testing';
import { ConnectwiseStandIn } from './psa-standins';
import {
  closeNats,
  companyKnownToIntegrations,
  integrationsConsumed,
  paymentFailed,
  publishEvent,
  serviceRpc,
  subscriptionUpdated,
} from './psa-support';
import { api, expectProblem, newUser, platform, SignedUpUser } from './support';

const PAYMENT_FAILED_ALERT = '5b7c1d0e-2a41-4c43-9f0e-6a1d7c3e0a03';
const SLOW = { timeoutMs: 40_000, intervalMs: 250 };

describe('ConnectWise integration end to end', () => {
  const client = api();
  const put = (path: string, body: unknown, token: string) => client.request('PUT', path, { body, token });
  const cw = new ConnectwiseStandIn();
  let msp: SignedUpUser;
  let mspCompany: string;
  let acme: string;
  let globex: string;
  let integrationId: string;
  let base: string;

  beforeAll(async () => {
    await cw.start();
    msp = await newUser('msp');
    [mspCompany, acme, globex] = await Promise.all([
      companyKnownToIntegrations(msp, 'Roster MSP'),
      companyKnownToIntegrations(msp, 'ACME Corp'),
      companyKnownToIntegrations(msp, 'Globex Industries Inc.'),
    ]);
  });
  afterAll(async () => {
    await cw.stop();
    await closeNats();
  });

  const credentials = (overrides: Record<string, string> = {}) => ({
    url: cw.url,
    ...ConnectwiseStandIn.CREDENTIALS,
    ...overrides,
  });

  it('refuses credentials ConnectWise rejects with 422 and its reason, storing nothing', async () => {
    const res = await client.post(
      `/api/v1/companies/${mspCompany}/integrations/connectwise`,
      credentials({ privateKey: 'wrong' }),
      msp.accessToken,
    );
    expectProblem(res, 422, 'UNPROCESSABLE');
    expect(res.body.detail).toContain('The API member public and private key pair is not valid');
    const list = await client.get(`/api/v1/companies/${mspCompany}/integrations`, msp.accessToken);
    expect(list.body.items).toEqual([]);
  });

  it('says 503 when ConnectWise is down at creation', async () => {
    cw.mode = 'down';
    try {
      const res = await client.post(
        `/api/v1/companies/${mspCompany}/integrations/connectwise`,
        credentials(),
        msp.accessToken,
      );
      expectProblem(res, 503);
      expect(res.body.detail).toContain('ConnectWise answered 503');
    } finally {
      cw.mode = 'up';
    }
  });

  it('creates the integration after ConnectWise accepts the credentials; secrets are never returned', async () => {
    const res = await client.post(
      `/api/v1/companies/${mspCompany}/integrations/connectwise`,
      credentials(),
      msp.accessToken,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: 'connectwise',
      kind: 'psa',
      status: 'active',
      companyId: mspCompany,
      config: { url: cw.url, companyId: 'rostermsp' },
      secretsStored: ['privateKey', 'publicKey'],
      settings: { companyTypeIds: [], automaticTicketing: false },
    });
    expect(JSON.stringify(res.body)).not.toContain(ConnectwiseStandIn.CREDENTIALS.privateKey);
    integrationId = res.body.id;
    base = `/api/v1/companies/${mspCompany}/integrations/connectwise/${integrationId}`;
    // The validation call used ConnectWise's real authentication.
    const info = cw.calls('GET', /\/system\/info$/).at(-1)!;
    expect(info.headers.authorization).toBe(
      `Basic ${Buffer.from('rostermsp+pubKEY123:privKEY456').toString('base64')}`,
    );
    expect(info.headers.clientid).toBe('roster-connectwise');

    const got = await client.get(base, msp.accessToken);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(integrationId);
    const list = await client.get(`/api/v1/companies/${mspCompany}/integrations`, msp.accessToken);
    expect(list.body.items.map((i: any) => i.id)).toEqual([integrationId]);
  });

  it('keeps the credentials encrypted at rest', async () => {
    const db = new Client({ connectionString: platform().env.integrations.DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT sealed_secrets, config FROM integrations WHERE id = $1', [
        integrationId,
      ]);
      expect(rows[0].sealed_secrets).toMatch(/^v1\.[A-Za-z0-9_-]+\./);
      expect(rows[0].sealed_secrets).not.toContain('privKEY456');
      expect(JSON.stringify(rows[0].config)).not.toContain('privKEY456');
    } finally {
      await db.end();
    }
  });

  it('guards the routes: anonymous 401, a stranger 404, unknown type 404', async () => {
    expectProblem(await client.get(base), 401);
    const stranger = await newUser('stranger');
    expectProblem(await client.get(base, stranger.accessToken), 404);
    expectProblem(
      await client.get(`/api/v1/companies/${mspCompany}/integrations`, stranger.accessToken),
      404,
    );
    expectProblem(
      await client.get(
        `/api/v1/companies/${mspCompany}/integrations/halopsa/${integrationId}`,
        msp.accessToken,
      ),
      404,
    );
    // The right id under the wrong PSA type is not found either.
    expectProblem(
      await client.get(
        `/api/v1/companies/${mspCompany}/integrations/syncro/${integrationId}`,
        msp.accessToken,
      ),
      404,
    );
  });

  it('refuses an update whose credentials ConnectWise rejects (422) and keeps the old ones', async () => {
    const bad = await client.patch(base, { publicKey: 'nope' }, msp.accessToken);
    expectProblem(bad, 422);
    const wrongField = await client.patch(base, { apiToken: 'x' }, msp.accessToken);
    expectProblem(wrongField, 400);
    const ok = await client.patch(base, { name: 'CW production' }, msp.accessToken);
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('CW production');
    expect((await client.get(`${base}/companies`, msp.accessToken)).status).toBe(200);
  });

  it('proxies look-ups to ConnectWise with paging and filters', async () => {
    const page1 = await client.get(`${base}/companies?pageSize=2`, msp.accessToken);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, hasMore: true });
    expect(page1.body.items.map((c: any) => c.name)).toEqual(['Acme Corporation', 'Globex Industries']);
    const page2 = await client.get(`${base}/companies?pageSize=2&page=2`, msp.accessToken);
    expect(page2.body.items.map((c: any) => c.id)).toEqual(['252', '253']);
    const search = await client.get(`${base}/companies?search=glob`, msp.accessToken);
    expect(search.body.items.map((c: any) => c.name)).toEqual(['Globex Industries']);

    const types = await client.get(`${base}/company-types`, msp.accessToken);
    expect(types.body.items).toEqual([
      { id: '1', name: 'Client' },
      { id: '2', name: 'Prospect' },
      { id: '3', name: 'Vendor' },
    ]);
    const agreements = await client.get(`${base}/agreements?companyId=250`, msp.accessToken);
    expect(agreements.body.items).toEqual([
      expect.objectContaining({ id: '7001', name: 'Acme Managed Services', companyId: '250' }),
    ]);
    const additions = await client.get(`${base}/agreements/7001/additions`, msp.accessToken);
    expect(additions.body.items).toEqual([{ id: '9001', name: 'Roster Seat', quantity: 1 }]);
    expectProblem(await client.get(`${base}/billing-options`, msp.accessToken), 422);
    expectProblem(await client.get(`${base}/companies?pageSize=500`, msp.accessToken), 400);
  });

  it('stores settings; company types filter the companies offered', async () => {
    const patched = await client.patch(`${base}/settings`, { companyTypeIds: [2] }, msp.accessToken);
    expect(patched.body).toEqual({ companyTypeIds: [2], automaticTicketing: false });
    const companies = await client.get(`${base}/companies`, msp.accessToken);
    expect(companies.body.items.map((c: any) => c.name)).toEqual(['Initech LLC']);
    await client.patch(`${base}/settings`, { companyTypeIds: [] }, msp.accessToken);
    expect((await client.get(`${base}/settings`, msp.accessToken)).body).toEqual({
      companyTypeIds: [],
      automaticTicketing: false,
    });
  });

  it('suggests mappings by fuzzy name without changing anything', async () => {
    const res = await client.post(
      `${base}/mappings/suggestions`,
      { companyIds: [acme, globex, mspCompany] },
      msp.accessToken,
    );
    expect(res.status).toBe(200);
    const byOrg = Object.fromEntries(res.body.items.map((s: any) => [s.organization.id, s]));
    expect(byOrg[acme].company).toEqual({ id: '250', name: 'Acme Corporation' });
    expect(byOrg[globex].company).toEqual({ id: '251', name: 'Globex Industries' });
    expect(byOrg[mspCompany].company).toBeNull();
    expect((await client.get(`${base}/mappings`, msp.accessToken)).body.items).toEqual([]);
  });

  it('rejects a batch with an unknown company as a 400 naming the row, applying nothing', async () => {
    const res = await client.patch(
      `${base}/mappings`,
      {
        data: [
          { organization: { id: acme }, company: { id: '250', name: 'Acme Corporation' } },
          { organization: { id: '00000000-0000-4000-8000-000000000000' }, company: { id: '251' } },
        ],
      },
      msp.accessToken,
    );
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      { field: 'data.1.organization.id', message: 'unknown company 00000000-0000-4000-8000-000000000000' },
    ]);
    expect((await client.get(`${base}/mappings`, msp.accessToken)).body.items).toEqual([]);

    // A PSA company ConnectWise does not know is named too; the good row is not applied either.
    const unknownPsa = await client.patch(
      `${base}/mappings`,
      {
        data: [
          { organization: { id: acme }, company: { id: '250' } },
          { organization: { id: globex }, company: { id: '999' } },
        ],
      },
      msp.accessToken,
    );
    expect(expectProblem(unknownPsa, 400).errors).toEqual([
      { field: 'data.1.company.id', message: 'unknown connectwise company 999' },
    ]);
    expect((await client.get(`${base}/mappings`, msp.accessToken)).body.items).toEqual([]);

    // A company the caller does not administer is unknown too.
    const other = await newUser('other');
    const foreign = await companyKnownToIntegrations(other, 'Not Yours');
    const foreignRes = await client.patch(
      `${base}/mappings`,
      { data: [{ organization: { id: foreign }, company: { id: '252' } }] },
      msp.accessToken,
    );
    expect(expectProblem(foreignRes, 400).errors[0].field).toBe('data.0.organization.id');
    // Deleting a mapping that does not exist is a named row error as well.
    const del = await client.patch(
      `${base}/mappings`,
      { data: [{ organization: { id: globex }, delete: true }] },
      msp.accessToken,
    );
    expect(expectProblem(del, 400).errors).toEqual([
      { field: 'data.0.organization.id', message: `company ${globex} has no mapping to delete` },
    ]);
  });

  it('creates, edits and deletes mappings in one batch', async () => {
    const created = await client.patch(
      `${base}/mappings`,
      {
        data: [
          {
            organization: { id: acme, name: 'ignored' },
            company: { id: '250', name: 'Acme Corporation' },
            agreement: { id: '7001', name: 'Acme Managed Services' },
            addition: { id: '9001', name: 'Roster Seat' },
          },
          { organization: { id: globex }, company: { id: '252' } }, // the name comes from ConnectWise
        ],
      },
      msp.accessToken,
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ created: 2, updated: 0, deleted: 0 });
    expect(created.body.items.find((m: any) => m.organization.id === globex).company).toEqual({
      id: '252',
      name: 'Initech LLC',
    });
    const edited = await client.patch(
      `${base}/mappings`,
      {
        data: [
          {
            organization: { id: globex },
            company: { id: '251', name: 'Globex Industries' },
            agreement: { id: '7002', name: 'Globex Managed Services' },
            addition: { id: '9002', name: 'Roster Seat' },
          },
        ],
      },
      msp.accessToken,
    );
    expect(edited.body).toMatchObject({ created: 0, updated: 1, deleted: 0 });
    const list = await client.get(`${base}/mappings`, msp.accessToken);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        organization: { id: acme, name: 'ACME Corp' },
        company: { id: '250', name: 'Acme Corporation' },
        agreement: { id: '7001', name: 'Acme Managed Services' },
        addition: { id: '9001', name: 'Roster Seat' },
      }),
      expect.objectContaining({
        organization: { id: globex, name: 'Globex Industries Inc.' },
        company: { id: '251', name: 'Globex Industries' },
      }),
    ]);
    const suggestions = await client.post(
      `${base}/mappings/suggestions`,
      { companyIds: [acme] },
      msp.accessToken,
    );
    expect(suggestions.body.items[0].alreadyMapped).toBe(true);
  });

  it('syncs seats from billing to the mapped agreement addition and records the run', async () => {
    await publishEvent(SubscriptionUpdated, subscriptionUpdated(acme, 7), acme);
    await eventually(async () => cw.additionQuantity(7001, 9001) === 7, SLOW);
    const patch = cw.calls('PATCH', /\/finance\/agreements\/7001\/additions\/9001$/).at(-1)!;
    expect(patch.body).toEqual([{ op: 'replace', path: 'quantity', value: 7 }]);
    const runs = await eventually(async () => {
      const r = await client.get(`${base}/sync-runs`, msp.accessToken);
      return r.body.items.find((run: any) => run.companyId === acme && run.status === 'succeeded') ? r : null;
    }, SLOW);
    expect(runs.body.items[0]).toMatchObject({
      kind: 'billing-sync',
      quantity: 7,
      attempts: 1,
      lastError: null,
    });
    const mapping = (await client.get(`${base}/mappings`, msp.accessToken)).body.items.find(
      (m: any) => m.organization.id === acme,
    );
    expect(mapping.lastSyncedQuantity).toBe(7);
  });

  it('records an error when ConnectWise is down and retries until it is back', async () => {
    cw.mode = 'down';
    await publishEvent(SubscriptionUpdated, subscriptionUpdated(globex, 12), globex);
    const errors = await eventually(async () => {
      const r = await client.get(`${base}/errors`, msp.accessToken);
      return r.body.items.length ? r : null;
    }, SLOW);
    expect(errors.body.items[0]).toEqual({
      id: expect.any(String),
      occurredAt: expect.any(String),
      companyId: globex,
      operation: 'billing-sync',
      message: expect.stringContaining('ConnectWise answered 503'),
      jobId: expect.any(String),
    });
    const retrying = await client.get(`${base}/sync-runs`, msp.accessToken);
    expect(retrying.body.items[0]).toMatchObject({ companyId: globex, status: 'retrying', quantity: 12 });
    expect(cw.additionQuantity(7002, 9002)).toBe(1);

    cw.mode = 'up';
    await eventually(async () => cw.additionQuantity(7002, 9002) === 12, SLOW);
    const done = await eventually(async () => {
      const r = await client.get(`${base}/sync-runs`, msp.accessToken);
      return r.body.items[0].status === 'succeeded' ? r : null;
    }, SLOW);
    expect(done.body.items[0].attempts).toBeGreaterThan(1);
  });

  it('takes the seat count of an invoice too', async () => {
    await publishEvent(
      InvoiceFinalized,
      {
        invoiceId: '3f0b3c52-8d0c-4d43-9a55-0b7a6a1f8e11',
        companyId: acme,
        number: 'INV-0042',
        totalMinor: 9000,
        currency: 'EUR',
        periodStart: new Date().toISOString(),
        periodEnd: new Date().toISOString(),
        lines: [{ description: 'Seats (per user)', quantity: 9, amountMinor: 9000 }],
      },
      acme,
    );
    await eventually(async () => cw.additionQuantity(7001, 9001) === 9, SLOW);
  });

  it('offers and stores alert ticketing configuration', async () => {
    const alerts = await client.get(
      `/api/v1/companies/${mspCompany}/integrations/ticketing/alerts`,
      msp.accessToken,
    );
    expect(alerts.body.items.map((a: any) => a.key)).toEqual([
      'account-locked',
      'two-factor-disabled',
      'payment-failed',
    ]);
    const options = await client.get(`${base}/alerts/configuration/options`, msp.accessToken);
    expect(options.body).toMatchObject({
      queues: [
        { id: '1', name: 'Help Desk' },
        { id: '2', name: 'Security' },
      ],
      sources: expect.arrayContaining([{ id: '4', name: 'Roster' }]),
      priorities: expect.arrayContaining([{ id: '8', name: 'Priority 1 - Critical' }]),
      statuses: [
        { id: '11', name: 'New' },
        { id: '12', name: 'Closed' },
      ],
    });
    const stored = await put(
      `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
      {
        shouldCreateTickets: true,
        queue: { id: 1, name: 'Help Desk' },
        source: { id: 4 },
        priority: { id: 8 },
        dueDays: 2,
      },
      msp.accessToken,
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      shouldCreateTickets: true,
      configuration: { dueDays: 2, queue: { id: 1 } },
    });
    expectProblem(
      await put(
        `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
        { shouldCreateTickets: true, problemType: 'x' },
        msp.accessToken,
      ),
      400,
    );
    expectProblem(
      await put(
        `${base}/alerts/00000000-0000-4000-8000-000000000000/configuration`,
        { shouldCreateTickets: true },
        msp.accessToken,
      ),
      404,
    );
    const configs = await client.get(`${base}/alerts/configuration`, msp.accessToken);
    expect(configs.body.items.find((c: any) => c.alert.id === PAYMENT_FAILED_ALERT).shouldCreateTickets).toBe(
      true,
    );
    expect(configs.body.items.find((c: any) => c.alert.key === 'account-locked').configuration).toBeNull();
  });

  it('opens one ticket per alert and subject while it is open, another once it is closed', async () => {
    await client.patch(`${base}/settings`, { automaticTicketing: true }, msp.accessToken);
    await publishEvent(PaymentFailed, paymentFailed(acme), acme);
    const ticket = await eventually(
      async () => [...cw.tickets.values()].find((t) => t.company.id === 250),
      SLOW,
    );
    expect(ticket).toMatchObject({
      summary: 'Payment of 129.00 EUR failed',
      board: { id: 1 },
      source: { id: 4 },
      priority: { id: 8 },
      requiredDate: expect.any(String),
    });

    // The same alert for the same company while the ticket is open: no second ticket.
    await publishEvent(PaymentFailed, paymentFailed(acme), acme);
    await eventually(async () => {
      const r = await client.get(`${base}/sync-runs`, msp.accessToken);
      const deduped = r.body.items.filter(
        (j: any) => j.kind === 'ticket' && /deduplicated/.test(j.result ?? ''),
      );
      return deduped.length === 1;
    }, SLOW);
    expect([...cw.tickets.values()].filter((t) => t.company.id === 250)).toHaveLength(1);

    // Closed in ConnectWise: the next occurrence opens a new ticket.
    ticket.closedFlag = true;
    await publishEvent(PaymentFailed, paymentFailed(acme), acme);
    await eventually(
      async () => [...cw.tickets.values()].filter((t) => t.company.id === 250).length === 2,
      SLOW,
    );
    const tickets = await client.get(`${base}/tickets`, msp.accessToken);
    expect(tickets.body.items.map((t: any) => t.status)).toEqual(['open', 'closed']);
  });

  it('opens no ticket for an unmapped company or an alert that is not enabled', async () => {
    const before = cw.tickets.size;
    const unmapped = await publishEvent(PaymentFailed, paymentFailed(mspCompany), mspCompany);
    await put(
      `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`,
      { shouldCreateTickets: false },
      msp.accessToken,
    );
    const disabled = await publishEvent(PaymentFailed, paymentFailed(globex), globex);
    await eventually(
      async () => (await integrationsConsumed(unmapped)) && (await integrationsConsumed(disabled)),
      SLOW,
    );
    const runs = await client.get(`${base}/sync-runs?limit=100`, msp.accessToken);
    expect(runs.body.items.filter((j: any) => j.kind === 'ticket' && j.status !== 'succeeded')).toEqual([]);
    expect(cw.tickets.size).toBe(before);
  });

  it('opens a ticket for a user alert in every mapped company of that user', async () => {
    const ACCOUNT_LOCKED = '5b7c1d0e-2a41-4c43-9f0e-6a1d7c3e0a01';
    await put(
      `${base}/alerts/${ACCOUNT_LOCKED}/configuration`,
      { shouldCreateTickets: true, queue: { id: 2 } },
      msp.accessToken,
    );
    // directory announced msp as owner of each company (MemberAdded); acme and globex are mapped.
    await publishEvent(
      AccountLocked,
      { userId: msp.userId, email: msp.email, until: new Date().toISOString() },
      null,
    );
    const locked = await eventually(async () => {
      const found = [...cw.tickets.values()].filter((t) => String(t.summary).includes('locked out'));
      return found.length === 2 ? found : null;
    }, SLOW);
    expect(locked.map((t) => t.company.id).sort()).toEqual([250, 251]);
    expect(locked[0]).toMatchObject({ board: { id: 2 }, summary: `User ${msp.email} locked out` });
  });

  it('opens (and updates) a ticket for recipes through the OpenPsaTicket RPC', async () => {
    const opened = await serviceRpc(OpenPsaTicket.subject, {
      companyId: acme,
      summary: 'Recipe: new hire',
      description: 'Set up laptop',
    });
    expect(opened.response).toEqual({
      psaType: 'connectwise',
      integrationId,
      ticketId: expect.any(String),
      created: true,
    });
    expect(cw.tickets.get(Number(opened.response.ticketId))).toMatchObject({
      summary: 'Recipe: new hire',
      company: { id: 250 },
    });
    const noted = await serviceRpc(OpenPsaTicket.subject, {
      companyId: acme,
      summary: 'Recipe: laptop shipped',
      ticketId: opened.response.ticketId,
    });
    expect(noted.response).toMatchObject({ ticketId: opened.response.ticketId, created: false });
    expect(cw.calls('POST', new RegExp(`/service/tickets/${opened.response.ticketId}/notes$`))).toHaveLength(
      1,
    );
    const unmapped = await serviceRpc(OpenPsaTicket.subject, { companyId: mspCompany, summary: 'x' });
    expect(unmapped.err).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes the integration with its mappings', async () => {
    const del = await client.delete(base, msp.accessToken);
    expect(del.status).toBe(204);
    expectProblem(await client.get(base, msp.accessToken), 404);
    expectProblem(await client.get(`${base}/mappings`, msp.accessToken), 404);
  });
});
