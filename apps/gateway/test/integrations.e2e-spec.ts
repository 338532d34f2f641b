import { SubscriptionUpdated } from '@roster/contracts';
import { eventually } from '@roster/testing';
import { ConnectwiseStandIn, SyncroStandIn } from './psa-standins';
import { closeNats, companyKnownToIntegrations, publishEvent, subscriptionUpdated } from './psa-support';
import { api, expectProblem, newUser, SignedUpUser } from './support';

const SLOW = { timeoutMs: 40_000, intervalMs: 250 };

describe('integrations: catalogue, activation, isolation between tenants', () => {
  const client = api();
  let owner: SignedUpUser;
  let company: string;

  beforeAll(async () => {
    owner = await newUser('int-owner');
    company = await companyKnownToIntegrations(owner, 'Catalogue Co');
  });
  afterAll(() => closeNats());

  it('lists what can be connected', async () => {
    expectProblem(await client.get('/api/v1/integrations/catalog'), 401);
    const res = await client.get('/api/v1/integrations/catalog', owner.accessToken);
    expect(res.status).toBe(200);
    const byType = Object.fromEntries(res.body.items.map((e: any) => [e.type, e]));
    expect(Object.keys(byType).sort()).toEqual(
      [
        'autotask',
        'connectwise',
        'google-workspace',
        'microsoft365',
        'slack',
        'smtp',
        'syncro',
        'webhooks',
      ].sort(),
    );
    expect(byType.connectwise).toMatchObject({
      kind: 'psa',
      connect: { method: 'POST', path: '/api/v1/companies/{companyId}/integrations/connectwise' },
    });
    expect(byType.webhooks.kind).toBe('webhook');
    expect(byType.smtp.kind).toBe('email');
    expect(byType.slack.kind).toBe('oauth');
  });

  it('activates an OAuth integration: pending, with the authorization URL to send the user to', async () => {
    const path = `/api/v1/companies/${company}/integrations/oauth/microsoft365/activate`;
    const res = await client.post(
      path,
      { redirectUri: 'https://app.roster.test/oauth/callback' },
      owner.accessToken,
    );
    expect(res.status).toBe(201);
    const url = new URL(res.body.authorizationUrl);
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      redirect_uri: 'https://app.roster.test/oauth/callback',
      state: res.body.state,
      client_id: expect.any(String),
    });
    expect(res.body.integration).toMatchObject({
      type: 'microsoft365',
      kind: 'oauth',
      status: 'pending_authorization',
    });
    expect(res.body.integration.config.state).toBeUndefined();

    const list = await client.get(`/api/v1/companies/${company}/integrations`, owner.accessToken);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: res.body.integration.id, status: 'pending_authorization' }),
    ]);
    const got = await client.get(
      `/api/v1/companies/${company}/integrations/microsoft365/${res.body.integration.id}`,
      owner.accessToken,
    );
    expect(got.status).toBe(200);

    expectProblem(await client.post(path, { redirectUri: 'not a url' }, owner.accessToken), 400);
    expectProblem(
      await client.post(
        `/api/v1/companies/${company}/integrations/oauth/myspace/activate`,
        { redirectUri: 'https://x.test/cb' },
        owner.accessToken,
      ),
      404,
    );
    const stranger = await newUser('int-stranger');
    expectProblem(await client.post(path, { redirectUri: 'https://x.test/cb' }, stranger.accessToken), 404);
    expect(
      (
        await client.delete(
          `/api/v1/companies/${company}/integrations/microsoft365/${res.body.integration.id}`,
          owner.accessToken,
        )
      ).status,
    ).toBe(204);
  });

  it('documents the PSA routes in OpenAPI', async () => {
    const spec = await client.get('/api/v1/openapi.json');
    const paths = Object.keys(spec.body.paths);
    for (const path of [
      '/api/v1/integrations/catalog',
      '/api/v1/companies/{companyId}/integrations',
      '/api/v1/companies/{companyId}/integrations/connectwise',
      '/api/v1/companies/{companyId}/integrations/{type}/{integrationId}',
      '/api/v1/companies/{companyId}/integrations/{type}/{integrationId}/mappings',
      '/api/v1/companies/{companyId}/integrations/{type}/{integrationId}/errors',
      '/api/v1/companies/{companyId}/integrations/{type}/{integrationId}/alerts/{alertId}/configuration',
      '/api/v1/companies/{companyId}/integrations/ticketing/alerts',
    ])
      expect(paths).toContain(path);
  });

  describe('a slow PSA', () => {
    const cw = new ConnectwiseStandIn();
    const syncro = new SyncroStandIn();
    let slowBase: string;
    let slowCompany: string;
    let fastCompany: string;
    let slowOwner: SignedUpUser;

    beforeAll(async () => {
      await Promise.all([cw.start(), syncro.start()]);
      // Two tenants: one MSP on ConnectWise, another on Syncro.
      const [a, b] = await Promise.all([newUser('slow-msp'), newUser('fast-msp')]);
      slowCompany = await companyKnownToIntegrations(a, 'Acme Corporation');
      fastCompany = await companyKnownToIntegrations(b, 'Acme Corporation');
      const cwRes = await client.post(
        `/api/v1/companies/${slowCompany}/integrations/connectwise`,
        { url: cw.url, ...ConnectwiseStandIn.CREDENTIALS },
        a.accessToken,
      );
      expect(cwRes.status).toBe(201);
      slowBase = `/api/v1/companies/${slowCompany}/integrations/connectwise/${cwRes.body.id}`;
      const cwMapped = await client.patch(
        `${slowBase}/mappings`,
        {
          data: [
            {
              organization: { id: slowCompany },
              company: { id: '250' },
              agreement: { id: '7001' },
              addition: { id: '9001' },
            },
          ],
        },
        a.accessToken,
      );
      expect(cwMapped.body).toMatchObject({ created: 1 });
      const syRes = await client.post(
        `/api/v1/companies/${fastCompany}/integrations/syncro`,
        { subdomain: 'fast', apiToken: SyncroStandIn.API_TOKEN, url: syncro.url },
        b.accessToken,
      );
      expect(syRes.status).toBe(201);
      const syMapped = await client.patch(
        `/api/v1/companies/${fastCompany}/integrations/syncro/${syRes.body.id}/mappings`,
        {
          data: [
            {
              organization: { id: fastCompany },
              company: { id: '31001' },
              billingConfigurations: { fields: { schedule_id: '5501', line_item_id: '88001' } },
            },
          ],
        },
        b.accessToken,
      );
      expect(syMapped.body).toMatchObject({ created: 1 });
      slowOwner = a;
    });
    afterAll(async () => {
      await Promise.all([cw.stop(), syncro.stop()]);
    });

    it('times out, does not hold up another tenant’s sync, and is retried when it answers again', async () => {
      const a = slowOwner;
      cw.mode = 'hang';
      await publishEvent(SubscriptionUpdated, subscriptionUpdated(slowCompany, 21), slowCompany);
      await eventually(async () => cw.hanging > 0, SLOW);
      // While ConnectWise holds the first tenant's call, the other tenant's Syncro sync goes through.
      await publishEvent(SubscriptionUpdated, subscriptionUpdated(fastCompany, 8), fastCompany);
      await eventually(async () => syncro.lineItemQuantity(5501, 88001) === 8, SLOW);
      // …before ConnectWise's call has even timed out: no error is recorded yet.
      expect((await client.get(`${slowBase}/errors`, a.accessToken)).body.items).toEqual([]);

      // The hanging call is abandoned after PSA_TIMEOUT_MS and recorded; interactive look-ups say 503.
      const errors = await eventually(async () => {
        const r = await client.get(`${slowBase}/errors`, a.accessToken);
        return r.body.items.length ? r : null;
      }, SLOW);
      expect(errors.body.items[0].message).toMatch(/ConnectWise did not answer within \d+ ms/);
      const lookup = await client.get(`${slowBase}/companies`, a.accessToken);
      expectProblem(lookup, 503);

      cw.release();
      await eventually(async () => cw.additionQuantity(7001, 9001) === 21, SLOW);
    }, 90_000);
  });
});
