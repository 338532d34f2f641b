import { randomUUID } from 'node:crypto';
import { ParsedMail, simpleParser } from 'mailparser';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { eventually } from '@roster/testing';
import { addMembership } from './directory-org-fixtures';
import { ConnectwiseStandIn } from './psa-standins';
import { closeNats, companyKnownToIntegrations } from './psa-support';
import { api, expectProblem, newUser, platform, SignedUpUser } from './support';
import { signatureValid, WebhookReceiver } from './webhook-receiver';

const UPDATED = 'directory.events.company.updated';

describe('recipes', () => {
  const client = api();
  const receiver = new WebhookReceiver();
  const inbox: ParsedMail[] = [];
  let smtp: SMTPServer;
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let stranger: SignedUpUser;
  let companyId: string;
  let endpoint: { id: string; secret: string };

  beforeAll(async () => {
    await receiver.start();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            inbox.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(platform().smtpPort, '127.0.0.1', resolve));
    [owner, member, stranger] = await Promise.all([
      newUser('rcp-owner'),
      newUser('rcp-member'),
      newUser('rcp-x'),
    ]);
    const company = await client.post('/api/v1/companies', { name: 'Recipe Co' }, owner.accessToken);
    expect(company.status).toBe(201);
    companyId = company.body.id;
    // The webhook the recipes call: subscribed to nothing the tests emit, so only recipe calls arrive.
    const hook = await client.post(
      `/api/v1/companies/${companyId}/webhooks`,
      { url: receiver.url('/recipe'), eventTypes: ['billing.events.none'] },
      owner.accessToken,
    );
    expect(hook.status).toBe(201);
    endpoint = hook.body;
  });
  afterAll(async () => {
    await receiver.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await closeNats();
  });

  const recipes = () => `/api/v1/companies/${companyId}/recipes`;
  const create = async (body: Record<string, unknown>) => {
    const res = await client.post(recipes(), body, owner.accessToken);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body;
  };
  const runs = async (recipeId: string) =>
    (await client.get(`${recipes()}/${recipeId}/runs`, owner.accessToken)).body;
  const rename = async (name: string) =>
    expect((await client.patch(`/api/v1/companies/${companyId}`, { name }, owner.accessToken)).status).toBe(
      200,
    );

  it('creates, reads, lists, changes and deletes a recipe', async () => {
    const recipe = await create({
      name: 'Tell the CRM',
      eventType: UPDATED,
      conditions: [{ field: 'data.name', op: 'contains', value: 'Gold' }],
      actions: [{ type: 'webhook', endpointId: endpoint.id, summary: 'dropped: not a webhook field' }],
    });
    expect(recipe).toMatchObject({
      id: expect.any(String),
      companyId,
      name: 'Tell the CRM',
      eventType: UPDATED,
      conditions: [{ field: 'data.name', op: 'contains', value: 'Gold' }],
      actions: [{ type: 'webhook', endpointId: endpoint.id }],
      enabled: true,
    });
    expect(recipe.actions[0].summary).toBeUndefined();
    expect((await client.get(`${recipes()}/${recipe.id}`, owner.accessToken)).body).toEqual(recipe);
    const list = await client.get(`${recipes()}?filter=name:search:crm`, owner.accessToken);
    expect(list.body).toMatchObject({ total: 1, items: [{ id: recipe.id }] });
    const disabled = await client.patch(`${recipes()}/${recipe.id}`, { enabled: false }, owner.accessToken);
    expect(disabled.body).toMatchObject({ enabled: false, name: 'Tell the CRM' });
    expect((await client.delete(`${recipes()}/${recipe.id}`, owner.accessToken)).status).toBe(204);
    expectProblem(await client.get(`${recipes()}/${recipe.id}`, owner.accessToken), 404);
  });

  it('refuses incomplete actions and foreign endpoints, naming the field (400)', async () => {
    const missing = expectProblem(
      await client.post(
        recipes(),
        { name: 'x', eventType: UPDATED, actions: [{ type: 'email', to: 'a@b.c' }, { type: 'psa_ticket' }] },
        owner.accessToken,
      ),
      400,
    );
    expect(missing.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'actions.0.subject' }),
        expect.objectContaining({ field: 'actions.0.body' }),
        expect.objectContaining({ field: 'actions.1.summary' }),
      ]),
    );
    const foreign = expectProblem(
      await client.post(
        recipes(),
        { name: 'x', eventType: UPDATED, actions: [{ type: 'webhook', endpointId: randomUUID() }] },
        owner.accessToken,
      ),
      400,
    );
    expect(foreign.errors).toEqual([expect.objectContaining({ field: 'actions.0.endpointId' })]);
    expectProblem(
      await client.post(
        recipes(),
        { name: 'x', eventType: UPDATED, actions: [{ type: 'launch_rocket' }] },
        owner.accessToken,
      ),
      400,
    );
    expectProblem(
      await client.post(recipes(), { name: 'x', eventType: UPDATED, actions: [] }, owner.accessToken),
      400,
    );
  });

  it('is for owners and admins: member 403, stranger 404, anonymous 401', async () => {
    const db = new Client({ connectionString: process.env.E2E_DIRECTORY_DATABASE_URL });
    await db.connect();
    await db.query(`INSERT INTO memberships (company_id, user_id, role) VALUES ($1, $2, 'member')`, [
      companyId,
      member.userId,
    ]);
    await db.end();
    expectProblem(await client.get(recipes(), member.accessToken), 403);
    expectProblem(await client.get(recipes(), stranger.accessToken), 404);
    expectProblem(await client.get(recipes()), 401);
  });

  it('runs when a matching event happens: a signed webhook call and an e-mail, each step recorded', async () => {
    const to = `ops-${randomUUID().slice(0, 8)}@example.com`;
    const recipe = await create({
      name: 'Gold customers',
      eventType: UPDATED,
      conditions: [
        { field: 'data.name', op: 'contains', value: 'Gold' },
        { field: 'data.companyId', op: 'eq', value: companyId },
      ],
      actions: [
        { type: 'webhook', endpointId: endpoint.id },
        {
          type: 'email',
          to,
          subject: 'Renamed to {{data.name}}',
          body: 'Company {{data.companyId}} is now {{data.name}}.',
        },
      ],
    });
    const disabled = await create({
      name: 'Switched off',
      eventType: UPDATED,
      enabled: false,
      actions: [{ type: 'email', to, subject: 'never', body: 'never' }],
    });

    await rename('Recipe Co Silver'); // conditions do not hold: no run
    await rename('Recipe Co Gold');
    const page = await eventually(async () => {
      const p = await runs(recipe.id);
      return p.items[0]?.status === 'succeeded' && p;
    });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      recipeId: recipe.id,
      trigger: 'event',
      eventId: expect.any(String),
      status: 'succeeded',
      finishedAt: expect.any(String),
      steps: [
        {
          index: 0,
          type: 'webhook',
          status: 'succeeded',
          detail: expect.stringContaining('HTTP 200'),
          error: null,
        },
        { index: 1, type: 'email', status: 'succeeded', detail: `queued an e-mail to ${to}`, error: null },
      ],
    });
    const [call] = receiver.on('/recipe');
    expect(signatureValid(endpoint.secret, call)).toBe(true);
    expect(call.json).toMatchObject({
      type: UPDATED,
      eventId: page.items[0].eventId,
      recipeRunId: page.items[0].id,
      data: { name: 'Recipe Co Gold' },
    });
    const mail = await eventually(async () => inbox.find((m) => m.subject === 'Renamed to Recipe Co Gold'));
    expect(mail.text).toContain(`Company ${companyId} is now Recipe Co Gold.`);
    expect((await runs(disabled.id)).total).toBe(0);
    const single = await client.get(`${recipes()}/${recipe.id}/runs/${page.items[0].id}`, owner.accessToken);
    expect(single.body).toEqual(page.items[0]);
  });

  it('runs on demand and records each failed step (PSA ticket and group membership through other services)', async () => {
    const userId = randomUUID();
    const recipe = await create({
      name: 'Onboard',
      eventType: 'directory.events.member.added',
      actions: [
        { type: 'psa_ticket', summary: 'New member {{data.userId}}', psaType: 'connectwise' },
        { type: 'group_add_member', groupId: randomUUID() },
        { type: 'group_remove_member', groupId: randomUUID(), userField: 'data.nobody' },
        { type: 'webhook', endpointId: endpoint.id },
      ],
    });
    const started = await client.post(
      `${recipes()}/${recipe.id}/runs`,
      { data: { userId } },
      owner.accessToken,
    );
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      recipeId: recipe.id,
      trigger: 'manual',
      eventId: null,
      status: 'pending',
    });
    const run = await eventually(async () => {
      const r = (await client.get(`${recipes()}/${recipe.id}/runs/${started.body.id}`, owner.accessToken))
        .body;
      return r.status !== 'pending' && r;
    });
    expect(run).toMatchObject({
      status: 'failed',
      steps: [
        // The responders live in other services; whatever they answer (here: nobody), the failure is recorded.
        {
          index: 0,
          type: 'psa_ticket',
          status: 'failed',
          detail: null,
          error: expect.stringMatching(/^[A-Z_]+: /),
        },
        { index: 1, type: 'group_add_member', status: 'failed', error: expect.stringMatching(/^[A-Z_]+: /) },
        {
          index: 2,
          type: 'group_remove_member',
          status: 'failed',
          error: 'no user id at data.nobody in the event',
        },
        // A failed step does not stop the next ones.
        { index: 3, type: 'webhook', status: 'succeeded', error: null },
      ],
    });
    expect(
      receiver.on('/recipe').some((c) => c.json?.recipeRunId === run.id && c.json?.data?.userId === userId),
    ).toBe(true);
  });

  it('records a failing webhook step', async () => {
    receiver.script('/recipe', [503]);
    const recipe = await create({
      name: 'Flaky CRM',
      eventType: UPDATED,
      actions: [{ type: 'webhook', endpointId: endpoint.id }],
    });
    const started = await client.post(`${recipes()}/${recipe.id}/runs`, {}, owner.accessToken);
    const run = await eventually(async () => {
      const r = (await client.get(`${recipes()}/${recipe.id}/runs/${started.body.id}`, owner.accessToken))
        .body;
      return r.status !== 'pending' && r;
    });
    expect(run).toMatchObject({
      status: 'failed',
      steps: [{ type: 'webhook', status: 'failed', error: 'webhook call failed: HTTP 503' }],
    });
  });
  it('opens a ticket in ConnectWise when a member joins: the PSA ticket step succeeds', async () => {
    const cw = new ConnectwiseStandIn();
    await cw.start();
    let base: string | undefined;
    try {
      // The company's PSA: a ConnectWise integration of the MSP company that maps Recipe Co to PSA company 250.
      const msp = await companyKnownToIntegrations(owner, 'Recipe MSP');
      const integration = await client.post(
        `/api/v1/companies/${msp}/integrations/connectwise`,
        { url: cw.url, ...ConnectwiseStandIn.CREDENTIALS },
        owner.accessToken,
      );
      expect(integration.status).toBe(201);
      base = `/api/v1/companies/${msp}/integrations/connectwise/${integration.body.id}`;
      const mapped = await client.patch(
        `${base}/mappings`,
        { data: [{ organization: { id: companyId }, company: { id: '250' } }] },
        owner.accessToken,
      );
      expect({ status: mapped.status, body: mapped.body }).toMatchObject({
        status: 200,
        body: { created: 1 },
      });
      const recipe = await create({
        name: 'Ticket for new members',
        eventType: 'directory.events.member.added',
        conditions: [
          { field: 'data.companyId', op: 'eq', value: companyId },
          { field: 'data.role', op: 'eq', value: 'member' },
        ],
        actions: [
          {
            type: 'psa_ticket',
            psaType: 'connectwise',
            summary: 'Onboard member {{data.userId}}',
            description: 'Set up the accounts of {{data.userId}} in company {{data.companyId}}.',
          },
        ],
      });

      const hire = await newUser('rcp-hire');
      await addMembership(companyId, owner, hire, 'member');
      const run = await eventually(
        async () => {
          const page = await runs(recipe.id);
          return page.items[0]?.status !== undefined && page.items[0].status !== 'pending' && page.items[0];
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(run).toMatchObject({
        trigger: 'event',
        status: 'succeeded',
        steps: [
          {
            index: 0,
            type: 'psa_ticket',
            status: 'succeeded',
            detail: expect.stringMatching(/^opened connectwise ticket \d+$/),
            error: null,
          },
        ],
      });
      const ticketId = Number(/ticket (\d+)$/.exec(run.steps[0].detail)![1]);
      // The ticket is in ConnectWise, for the mapped PSA company, with the recipe's filled-in texts.
      expect(cw.tickets.get(ticketId)).toMatchObject({
        summary: `Onboard member ${hire.userId}`,
        initialDescription: `Set up the accounts of ${hire.userId} in company ${companyId}.`,
        company: { id: 250 },
        closedFlag: false,
      });
    } finally {
      if (base) await client.delete(base, owner.accessToken);
      await cw.stop();
    }
  });

  it('adds and removes a member in directory groups when their role changes: both steps succeed', async () => {
    const person = await newUser('rcp-promoted');
    await addMembership(companyId, owner, person, 'member');
    const group = async (name: string) => {
      const res = await client.post(`/api/v1/companies/${companyId}/groups`, { name }, owner.accessToken);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const [admins, staff] = [await group('Admins'), await group('Staff')];
    const members = async (groupId: string) =>
      (await client.get(`/api/v1/companies/${companyId}/groups/${groupId}/members`, owner.accessToken)).body;
    expect(
      (
        await client.post(
          `/api/v1/companies/${companyId}/groups/${staff}/members`,
          { userId: person.userId },
          owner.accessToken,
        )
      ).status,
    ).toBe(201);
    const recipe = await create({
      name: 'Promotions move groups',
      eventType: 'directory.events.member.role_changed',
      conditions: [
        { field: 'data.companyId', op: 'eq', value: companyId },
        { field: 'data.role', op: 'eq', value: 'admin' },
      ],
      actions: [
        { type: 'group_add_member', groupId: admins },
        { type: 'group_remove_member', groupId: staff, userField: 'data.userId' },
      ],
    });

    const promoted = await client.patch(
      `/api/v1/companies/${companyId}/members/${person.userId}`,
      { role: 'admin' },
      owner.accessToken,
    );
    expect(promoted.status).toBe(200);
    const run = await eventually(
      async () => {
        const page = await runs(recipe.id);
        return page.items[0]?.status !== undefined && page.items[0].status !== 'pending' && page.items[0];
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(run).toMatchObject({
      trigger: 'event',
      status: 'succeeded',
      steps: [
        {
          index: 0,
          type: 'group_add_member',
          status: 'succeeded',
          detail: `added user ${person.userId} to group ${admins}`,
          error: null,
        },
        {
          index: 1,
          type: 'group_remove_member',
          status: 'succeeded',
          detail: `removed user ${person.userId} from group ${staff}`,
          error: null,
        },
      ],
    });
    // directory's groups API shows the change.
    expect(await members(admins)).toMatchObject({ total: 1, items: [{ id: person.userId }] });
    expect(await members(staff)).toMatchObject({ total: 0, items: [] });
    const groupsOf = await client.get(
      `/api/v1/companies/${companyId}/members/${person.userId}/groups`,
      owner.accessToken,
    );
    expect(groupsOf.body.items).toEqual([expect.objectContaining({ id: admins, as: 'member' })]);
  });
});
