import { PaymentFailed, SubscriptionUpdated } from '@roster/contracts';
import { eventually } from '@roster/testing';
import { ConnectwiseStandIn } from './psa-standins';
import { closeNats, paymentFailed, publishEvent, subscriptionUpdated } from './psa-support';
import { api, expectProblem, newUser, profileReady, SignedUpUser } from './support';
import { signatureValid, WebhookReceiver } from './webhook-receiver';

const SLOW = { timeoutMs: 40_000, intervalMs: 250 };
const UPDATED = 'directory.events.company.updated';
const PAYMENT_FAILED_ALERT = '5b7c1d0e-2a41-4c43-9f0e-6a1d7c3e0a03';

/**
 * Provider (MSP) scope: a provider connects its PSA once and maps its customer companies; its webhook
 * endpoints hear the events of all its customers. Only the provider's administrators reach these routes.
 */
describe('integrations and webhooks of a provider', () => {
  const client = api();
  const cw = new ConnectwiseStandIn();
  const receiver = new WebhookReceiver();
  let mspOwner: SignedUpUser;
  let mspAdmin: SignedUpUser;
  let otherMsp: SignedUpUser;
  let customerOwner: SignedUpUser;
  let stranger: SignedUpUser;
  let providerA: string;
  let providerB: string;
  let acme: string; // A's customer (owned by customerOwner)
  let globex: string; // A's customer
  let initech: string; // B's customer
  let integrationId: string;

  const pa = (suffix = '') => `/api/v1/providers/${providerA}/integrations${suffix}`;
  const hooks = (providerId: string) => `/api/v1/providers/${providerId}/webhooks`;

  const customer = async (providerId: string, name: string, token: string, ownerEmail?: string) => {
    const res = await client.post(`/api/v1/providers/${providerId}/customers`, { name, ownerEmail }, token);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body.id as string;
  };

  beforeAll(async () => {
    await Promise.all([cw.start(), receiver.start()]);
    [mspOwner, mspAdmin, otherMsp, customerOwner, stranger] = await Promise.all([
      newUser('pi-owner'),
      newUser('pi-admin'),
      newUser('pi-other'),
      newUser('pi-customer'),
      newUser('pi-stranger'),
    ]);
    await Promise.all([mspOwner, mspAdmin, otherMsp, customerOwner, stranger].map(profileReady));
    providerA = (await client.post('/api/v1/providers', { name: 'Int MSP A' }, mspOwner.accessToken)).body.id;
    providerB = (await client.post('/api/v1/providers', { name: 'Int MSP B' }, otherMsp.accessToken)).body.id;
    const added = await client.post(
      `/api/v1/providers/${providerA}/administrators`,
      { email: mspAdmin.email, role: 'admin' },
      mspOwner.accessToken,
    );
    expect(added.status).toBe(201);
    acme = await customer(providerA, 'Acme Corporation', mspOwner.accessToken, customerOwner.email);
    globex = await customer(providerA, 'Globex', mspOwner.accessToken);
    initech = await customer(providerB, 'Initech', otherMsp.accessToken);
  });
  afterAll(async () => {
    await Promise.all([cw.stop(), receiver.stop()]);
    await closeNats();
  });

  describe('integrations', () => {
    it('is for the provider’s administrators only: 401 anonymous, 404 others and customer admins, 400 bad id', async () => {
      expectProblem(await client.get(pa()), 401);
      for (const user of [otherMsp, customerOwner, stranger])
        expectProblem(await client.get(pa(), user.accessToken), 404);
      expectProblem(await client.get('/api/v1/providers/not-a-uuid/integrations', mspOwner.accessToken), 400);
      expectProblem(
        await client.post(
          pa('/connectwise'),
          { url: cw.url, ...ConnectwiseStandIn.CREDENTIALS },
          customerOwner.accessToken,
        ),
        404,
      );
      const mine = await client.get(pa(), mspAdmin.accessToken);
      expect(mine.status).toBe(200);
      expect(mine.body.items).toEqual([]);
    });

    it('connects the provider’s ConnectWise once; other providers and the customers do not see it', async () => {
      const res = await client.post(
        pa('/connectwise'),
        { url: cw.url, ...ConnectwiseStandIn.CREDENTIALS },
        mspAdmin.accessToken,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        type: 'connectwise',
        status: 'active',
        providerId: providerA,
        companyId: null,
        secretsStored: ['privateKey', 'publicKey'],
      });
      integrationId = res.body.id;
      expect((await client.get(pa(), mspOwner.accessToken)).body.items).toEqual([
        expect.objectContaining({ id: integrationId }),
      ]);
      expect((await client.get(pa(`/connectwise/${integrationId}`), mspOwner.accessToken)).status).toBe(200);
      // B's administrator, through B's routes, and the customer's owner, through the company routes: nothing.
      expectProblem(
        await client.get(
          `/api/v1/providers/${providerB}/integrations/connectwise/${integrationId}`,
          otherMsp.accessToken,
        ),
        404,
      );
      expect(
        (await client.get(`/api/v1/providers/${providerB}/integrations`, otherMsp.accessToken)).body.items,
      ).toEqual([]);
      expectProblem(
        await client.get(
          `/api/v1/companies/${acme}/integrations/connectwise/${integrationId}`,
          customerOwner.accessToken,
        ),
        404,
      );
      expect(
        (await client.get(`/api/v1/companies/${acme}/integrations`, customerOwner.accessToken)).body.items,
      ).toEqual([]);
      expectProblem(
        await client.patch(pa(`/connectwise/${integrationId}`), { name: 'Hijack' }, otherMsp.accessToken),
        404,
      );
      expectProblem(await client.delete(pa(`/connectwise/${integrationId}`), customerOwner.accessToken), 404);
      // Look-ups and the alert catalogue work at provider scope too.
      const companies = await client.get(pa(`/connectwise/${integrationId}/companies`), mspAdmin.accessToken);
      expect(companies.status).toBe(200);
      expect(companies.body.items.map((c: any) => c.id)).toContain('250');
      expect((await client.get(pa('/ticketing/alerts'), mspAdmin.accessToken)).body.items.length).toBe(3);
    });

    it('maps only its own customers: another provider’s company is a 400 naming the row, nothing applied', async () => {
      const path = pa(`/connectwise/${integrationId}/mappings`);
      const res = await client.patch(
        path,
        {
          data: [
            { organization: { id: acme }, company: { id: '250' } },
            { organization: { id: initech }, company: { id: '251' } },
          ],
        },
        mspAdmin.accessToken,
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        { field: 'data.1.organization.id', message: `company ${initech} is not a customer of this provider` },
      ]);
      expect((await client.get(path, mspAdmin.accessToken)).body.items).toEqual([]);
    });

    it('checks agreements and additions in the PSA: unknown or another company’s is a 400 naming the row', async () => {
      const path = pa(`/connectwise/${integrationId}/mappings`);
      const res = await client.patch(
        path,
        {
          data: [
            { organization: { id: acme }, company: { id: '250' }, agreement: { id: '7999' } },
            {
              organization: { id: globex },
              company: { id: '251' },
              agreement: { id: '7002' },
              addition: { id: '9999' },
            },
          ],
        },
        mspAdmin.accessToken,
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        { field: 'data.0.agreement.id', message: 'unknown connectwise agreement 7999' },
        { field: 'data.1.addition.id', message: 'agreement 7002 has no addition 9999' },
      ]);
      const wrongCompany = await client.patch(
        path,
        { data: [{ organization: { id: acme }, company: { id: '250' }, agreement: { id: '7002' } }] },
        mspAdmin.accessToken,
      );
      expectProblem(wrongCompany, 400);
      expect(wrongCompany.body.errors).toEqual([
        { field: 'data.0.agreement.id', message: 'agreement 7002 belongs to another connectwise company' },
      ]);
      expect((await client.get(path, mspAdmin.accessToken)).body.items).toEqual([]);
    });

    it('maps its customers (names from the PSA) and syncs their seats to the PSA', async () => {
      const path = pa(`/connectwise/${integrationId}/mappings`);
      const res = await client.patch(
        path,
        {
          data: [
            {
              organization: { id: acme },
              company: { id: '250' },
              agreement: { id: '7001' },
              addition: { id: '9001' },
            },
            { organization: { id: globex }, company: { id: '251' } },
          ],
        },
        mspAdmin.accessToken,
      );
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { created: 2 } });
      expect(res.body.items).toEqual([
        expect.objectContaining({
          organization: { id: acme, name: 'Acme Corporation' },
          company: { id: '250', name: 'Acme Corporation' },
          agreement: { id: '7001', name: 'Acme Managed Services' },
          addition: { id: '9001', name: 'Roster Seat' },
        }),
        expect.objectContaining({ organization: { id: globex, name: 'Globex' } }),
      ]);
      const suggestions = await client.post(
        pa(`/connectwise/${integrationId}/mappings/suggestions`),
        {},
        mspAdmin.accessToken,
      );
      expect(suggestions.status).toBe(200);
      expect(suggestions.body.items.map((s: any) => s.organization.id).sort()).toEqual([acme, globex].sort());
      expect(suggestions.body.items.find((s: any) => s.organization.id === acme)).toMatchObject({
        company: { id: '250' },
        alreadyMapped: true,
      });

      await publishEvent(SubscriptionUpdated, subscriptionUpdated(acme, 12), acme);
      await eventually(async () => (cw.additions[7001][0].quantity === 12 ? true : null), SLOW);
      const runs = await client.get(pa(`/connectwise/${integrationId}/sync-runs`), mspAdmin.accessToken);
      expect(runs.body.items[0]).toMatchObject({ companyId: acme, status: 'succeeded', quantity: 12 });
      expectProblem(
        await client.get(pa(`/connectwise/${integrationId}/sync-runs`), otherMsp.accessToken),
        404,
      );
    });

    it('opens alert tickets for its mapped customers in its PSA', async () => {
      const base = pa(`/connectwise/${integrationId}`);
      const put = await client.request('PUT', `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`, {
        body: { shouldCreateTickets: true, queue: { id: 1, name: 'Help Desk' }, dueDays: 2 },
        token: mspAdmin.accessToken,
      });
      expect(put.status).toBe(200);
      expectProblem(
        await client.request('PUT', `${base}/alerts/${PAYMENT_FAILED_ALERT}/configuration`, {
          body: { shouldCreateTickets: false },
          token: customerOwner.accessToken,
        }),
        404,
      );
      await client.patch(`${base}/settings`, { automaticTicketing: true }, mspAdmin.accessToken);
      await publishEvent(PaymentFailed, paymentFailed(globex), globex);
      const ticket = await eventually(
        async () => [...cw.tickets.values()].find((t) => t.company.id === 251),
        SLOW,
      );
      expect(ticket).toMatchObject({ board: { id: 1 } });
      const listed = await client.get(`${base}/tickets`, mspAdmin.accessToken);
      expect(listed.body.items).toEqual([expect.objectContaining({ companyId: globex, status: 'open' })]);
    });
  });

  describe('webhooks', () => {
    it('is for the provider’s administrators only', async () => {
      expectProblem(await client.get(hooks(providerA)), 401);
      for (const user of [otherMsp, customerOwner, stranger])
        expectProblem(await client.get(hooks(providerA), user.accessToken), 404);
      expectProblem(
        await client.post(hooks(providerA), { url: receiver.url('/x') }, customerOwner.accessToken),
        404,
      );
    });

    it('delivers the events of every customer company of the provider, and only those', async () => {
      const since = new Date().toISOString();
      const created = await client.post(
        hooks(providerA),
        { url: receiver.url('/msp-a'), eventTypes: [UPDATED] },
        mspAdmin.accessToken,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        providerId: providerA,
        companyId: null,
        secret: expect.any(String),
      });
      const endpoint = created.body;
      expect((await client.get(hooks(providerA), mspOwner.accessToken)).body).toMatchObject({
        total: 1,
        items: [{ id: endpoint.id }],
      });
      expectProblem(await client.get(`${hooks(providerB)}/${endpoint.id}`, otherMsp.accessToken), 404);
      expectProblem(await client.delete(`${hooks(providerB)}/${endpoint.id}`, otherMsp.accessToken), 404);
      // Not among the customer company's own endpoints.
      expect(
        (await client.get(`/api/v1/companies/${acme}/webhooks`, customerOwner.accessToken)).body.total,
      ).toBe(0);

      const rename = async (companyId: string, name: string, user: SignedUpUser) =>
        expect(
          (await client.patch(`/api/v1/companies/${companyId}`, { name }, user.accessToken)).status,
        ).toBe(200);
      await rename(initech, 'Initech Renamed', otherMsp); // B's customer: not for A's endpoint
      await rename(acme, 'Acme Renamed', customerOwner);
      await rename(globex, 'Globex Renamed', mspOwner);
      await eventually(async () => (receiver.on('/msp-a').length >= 2 ? true : null), SLOW);
      const got = receiver.on('/msp-a');
      expect(got.map((h) => h.json.companyId).sort()).toEqual([acme, globex].sort());
      expect(got.every((h) => h.json.type === UPDATED && signatureValid(endpoint.secret, h))).toBe(true);
      expect(got.map((h) => h.json.data.name)).not.toContain('Initech Renamed');

      // Delivery log, ping and replay at provider scope.
      const log = await client.get(`${hooks(providerA)}/${endpoint.id}/deliveries`, mspAdmin.accessToken);
      expect(log.body.total).toBe(2);
      const ping = await client.post(`${hooks(providerA)}/${endpoint.id}/ping`, {}, mspAdmin.accessToken);
      expect(ping.status).toBe(202);
      await eventually(
        async () =>
          receiver.on('/msp-a').some((h) => h.json.type === 'integrations.webhook.ping') ? true : null,
        SLOW,
      );
      const replay = await client.post(
        `${hooks(providerA)}/${endpoint.id}/replay`,
        { since },
        mspAdmin.accessToken,
      );
      expect(replay.status).toBe(202);
      expect(replay.body.queued).toBeGreaterThanOrEqual(2);
      expectProblem(
        await client.post(`${hooks(providerB)}/${endpoint.id}/replay`, { since }, otherMsp.accessToken),
        404,
      );
    });
  });

  it('documents the provider routes (and the OAuth callback) in OpenAPI and the catalogue', async () => {
    const spec = (await client.get('/api/v1/openapi.json')).body;
    for (const path of [
      '/api/v1/providers/{providerId}/integrations',
      '/api/v1/providers/{providerId}/integrations/connectwise',
      '/api/v1/providers/{providerId}/integrations/{type}/{integrationId}/mappings',
      '/api/v1/providers/{providerId}/webhooks',
      '/api/v1/providers/{providerId}/webhooks/{webhookId}/replay',
      '/api/v1/integrations/oauth/callback',
    ])
      expect(Object.keys(spec.paths)).toContain(path);
    const names = (path: string, method: string) =>
      (spec.paths[path][method].parameters as Array<{ name: string; in: string }>)
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
    expect(
      names('/api/v1/providers/{providerId}/integrations/{type}/{integrationId}/mappings', 'patch'),
    ).toEqual(['integrationId', 'providerId', 'type']);
    expect(names('/api/v1/companies/{companyId}/webhooks/{webhookId}', 'get')).toEqual([
      'companyId',
      'webhookId',
    ]);
    const catalog = await client.get('/api/v1/integrations/catalog', mspAdmin.accessToken);
    expect(catalog.body.items.find((e: any) => e.type === 'autotask').connect).toMatchObject({
      path: '/api/v1/companies/{companyId}/integrations/autotask',
      providerPath: '/api/v1/providers/{providerId}/integrations/autotask',
    });
  });
});
