import { randomUUID } from 'node:crypto';
import { eventually } from '@roster/testing';
import { api, expectProblem, newUser, SignedUpUser } from './support';
import { addMembership, expectIsolation, newCompany, newCustomerCompany } from './directory-org-fixtures';
import { createCustomerCompany, otherProviderAdmin } from './directory-support';
import { operatorToken } from './billing-support';
import { SyncroStandIn } from './psa-standins';

describe('company audit log', () => {
  const client = api();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let outsider: SignedUpUser;
  let providerAdmin: SignedUpUser;
  let companyId: string;
  let secondCompanyId: string;
  let outsiderCompanyId: string;
  const base = () => `/api/v1/companies/${companyId}`;
  const origin = { 'x-forwarded-for': '203.0.113.77', 'user-agent': 'AuditTest/1.0' };

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([
      newUser('logowner'),
      newUser('logmember'),
      newUser('logout'),
    ]);
    ({ companyId, providerAdmin } = await newCustomerCompany(owner, 'Logged Co'));
    secondCompanyId = await newCompany(client, owner, 'Second Logged Co');
    outsiderCompanyId = await newCompany(client, outsider, 'Unrelated Co');
    await addMembership(companyId, owner, member, 'member');
    await addMembership(secondCompanyId, owner, member, 'member');
  });

  /** The entries of a type, once the projection has caught up. */
  const entriesOf = (type: string, path = `${base()}/log`, token = owner.accessToken, min = 1) =>
    eventually(async () => {
      const res = await client.get(`${path}?filter=type:eq:${type}&limit=100`, token);
      return res.status === 200 && res.body.items.length >= min ? res.body : null;
    });

  it('records directory changes with actor, subject, IP, user agent and time', async () => {
    const created = await client.request('POST', `${base()}/groups`, {
      body: { name: 'Audited' },
      token: owner.accessToken,
      headers: origin,
    });
    expect(created.status).toBe(201);
    // No waiting: directory's own events are recorded in the transaction of the change.
    const now = await client.get(
      `${base()}/log?filter=type:eq:directory.events.group.created`,
      owner.accessToken,
    );
    expect(now.status).toBe(200);
    const page = now.body;
    expect(page.items).toEqual([
      expect.objectContaining({
        companyId,
        type: 'directory.events.group.created',
        actor: { type: 'user', id: owner.userId },
        subject: { type: 'group', id: created.body.id },
        ip: '203.0.113.77',
        userAgent: 'AuditTest/1.0',
        occurredAt: expect.any(String),
        data: expect.objectContaining({ name: 'Audited', groupId: created.body.id }),
      }),
    ]);
    // The company's own creation is there too (from the company feature's events); a customer company is
    // created by its provider's administrator.
    const companyCreated = await entriesOf('directory.events.company.created');
    expect(companyCreated.items[0].actor.id).toBe(providerAdmin.userId);
    // Another company's log does not have it.
    const other = await client.get(
      `/api/v1/companies/${secondCompanyId}/log?filter=type:eq:directory.events.group.created`,
      owner.accessToken,
    );
    expect(other.body.total).toBe(0);
  });

  it('fans an auth event without tenant out to every company of the user, and no other', async () => {
    const token = await client.post(
      '/api/v1/me/tokens',
      { name: 'audit', scopes: ['profile:read'] },
      member.accessToken,
    );
    expect(token.status).toBe(201);
    for (const id of [companyId, secondCompanyId]) {
      const page = await entriesOf('auth.events.api_token.created', `/api/v1/companies/${id}/log`);
      expect(page.items).toEqual([
        expect.objectContaining({
          companyId: id,
          actor: expect.objectContaining({ id: member.userId }),
          subject: { type: 'user', id: member.userId },
          data: expect.objectContaining({ tokenId: token.body.id }),
        }),
      ]);
      expect(JSON.stringify(page)).not.toContain(token.body.token);
    }
    const unrelated = await client.get(
      `/api/v1/companies/${outsiderCompanyId}/log?filter=type:eq:auth.events.api_token.created`,
      outsider.accessToken,
    );
    expect(unrelated.body.total).toBe(0);
  });

  it('filters, pages and sorts; shows a member’s own log to them, anyone’s to admins', async () => {
    const group = await client.post(`${base()}/groups`, { name: 'Member Log' }, owner.accessToken);
    await client.post(
      `${base()}/groups/${group.body.id}/members`,
      { userId: member.userId },
      owner.accessToken,
    );
    const memberLog = await eventually(async () => {
      const res = await client.get(
        `${base()}/members/${member.userId}/activity?filter=type:eq:directory.events.group.member_added`,
        member.accessToken,
      );
      return res.status === 200 && res.body.items.length === 1 ? res.body : null;
    });
    expect(memberLog.items[0]).toMatchObject({
      subject: { type: 'user', id: member.userId },
      data: expect.objectContaining({ groupId: group.body.id }),
    });
    const bySubject = await client.get(
      `${base()}/log?filter=subjectId:eq:${member.userId}`,
      owner.accessToken,
    );
    expect(
      bySubject.body.items.every((e: { subject: { id: string } }) => e.subject.id === member.userId),
    ).toBe(true);
    expectProblem(
      await client.get(`${base()}/members/${owner.userId}/activity`, member.accessToken),
      403,
      'FORBIDDEN',
    );
    expect((await client.get(`${base()}/members/${member.userId}/activity`, owner.accessToken)).status).toBe(
      200,
    );

    const newest = await client.get(`${base()}/log?limit=2`, owner.accessToken);
    expect(newest.body.items).toHaveLength(2);
    expect(newest.body.items[0].occurredAt >= newest.body.items[1].occurredAt).toBe(true);
    const next = await client.get(`${base()}/log?limit=2&skip=2`, owner.accessToken);
    expect(next.body.items[0].id).not.toBe(newest.body.items[0].id);
    const since = await client.get(
      `${base()}/log?filter=occurredAt:gt:${new Date(Date.now() + 3600_000).toISOString()}`,
      owner.accessToken,
    );
    expect(since.body.total).toBe(0);
    for (const bad of [
      'filter=ip:eq:1',
      'sort=ip',
      'filter=type:gt:x',
      'limit=500',
      'filter=subjectId:eq:nope',
    ]) {
      expectProblem(await client.get(`${base()}/log?${bad}`, owner.accessToken), 400, 'VALIDATION_FAILED');
    }
  });

  it('exports the filtered log as CSV and JSON lines', async () => {
    await entriesOf('directory.events.group.created');
    const csv = await fetch(
      `${process.env.E2E_GATEWAY_URL}${base()}/log/export?format=csv&filter=type:eq:directory.events.group.created`,
      { headers: { authorization: `Bearer ${owner.accessToken}` } },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('company-log.csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'occurred_at,type,actor_type,actor_id,subject_type,subject_id,ip,user_agent,event_id,data,actor_impersonator_id',
    );
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.slice(1).every((l) => l.includes('directory.events.group.created'))).toBe(true);

    // Everything listed before the export is in it (more may have arrived in between).
    const listed = (await client.get(`${base()}/log?limit=100`, owner.accessToken)).body.items.map(
      (e: { eventId: string }) => e.eventId,
    );
    const jsonl = await fetch(`${process.env.E2E_GATEWAY_URL}${base()}/log/export?format=jsonl`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(jsonl.headers.get('content-type')).toContain('application/x-ndjson');
    const entries = (await jsonl.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e: { eventId: string }) => e.eventId)).toEqual(expect.arrayContaining(listed));
    expect(entries.every((e: { companyId: string }) => e.companyId === companyId)).toBe(true);
    expectProblem(await client.get(`${base()}/log/export?format=xml`, owner.accessToken), 400);
  });

  it('records billing, integrations and auth admin changes of the company, which the catalogue lists', async () => {
    const seen: string[] = [];
    /** The entry of `type` about `subjectId`, once projected, with its actor and time. */
    const entryAbout = async (type: string, subjectId: string) => {
      const page = await eventually(async () => {
        const res = await client.get(
          `${base()}/log?filter=type:eq:${type}&filter=subjectId:eq:${subjectId}&limit=100`,
          owner.accessToken,
        );
        return res.status === 200 && res.body.items.length >= 1 ? res.body : null;
      });
      seen.push(type);
      return page.items[0];
    };

    // billing: the owner subscribes the company to a (trial) plan.
    const planId = `audit-${randomUUID().slice(0, 8)}`;
    const plan = await client.post(
      '/api/v1/billing/plans',
      {
        id: planId,
        name: 'Audited',
        pricePerSeatMinor: 1000,
        currency: 'EUR',
        interval: 'month',
        trialDays: 14,
      },
      await operatorToken(),
    );
    expect(plan.status).toBe(201);
    const subscription = await eventually(async () => {
      const res = await client.request('POST', `${base()}/billing/subscription`, {
        body: { planId },
        token: owner.accessToken,
        headers: origin,
      });
      return res.status === 201 ? res.body : null;
    });
    const subscribed = await entryAbout('billing.events.subscription.updated', subscription.id);
    expect(subscribed).toMatchObject({
      companyId,
      actor: { type: 'user', id: owner.userId },
      subject: { type: 'subscription', id: subscription.id },
      ip: '203.0.113.77',
      userAgent: 'AuditTest/1.0',
      occurredAt: expect.any(String),
      data: expect.objectContaining({ companyId, planId, status: 'trialing' }),
    });

    // integrations: the owner creates, changes and deletes a webhook endpoint.
    const hooks = `${base()}/webhooks`;
    const endpoint = await client.request('POST', hooks, {
      body: {
        url: 'http://127.0.0.1:9/audit-hook',
        eventTypes: ['directory.events.company.updated'],
        active: false,
      },
      token: owner.accessToken,
      headers: origin,
    });
    expect(endpoint.status).toBe(201);
    expect(
      (await client.patch(`${hooks}/${endpoint.body.id}`, { description: 'audited' }, owner.accessToken))
        .status,
    ).toBe(200);
    expect((await client.delete(`${hooks}/${endpoint.body.id}`, owner.accessToken)).status).toBe(204);
    const created = await entryAbout('integrations.events.webhook_endpoint.created', endpoint.body.id);
    expect(created).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      subject: { type: 'webhook_endpoint', id: endpoint.body.id },
      ip: '203.0.113.77',
      userAgent: 'AuditTest/1.0',
      occurredAt: expect.any(String),
      data: {
        endpointId: endpoint.body.id,
        companyId,
        providerId: null,
        url: 'http://127.0.0.1:9/audit-hook',
        eventTypes: ['directory.events.company.updated'],
        active: false,
      },
    });
    expect(JSON.stringify(created)).not.toContain(endpoint.body.secret);
    for (const type of [
      'integrations.events.webhook_endpoint.updated',
      'integrations.events.webhook_endpoint.deleted',
    ])
      expect((await entryAbout(type, endpoint.body.id)).actor).toEqual({ type: 'user', id: owner.userId });

    // integrations: the owner connects, reconfigures and removes a PSA (Syncro stand-in).
    const syncro = new SyncroStandIn();
    await syncro.start();
    try {
      const psa = `${base()}/integrations/syncro`;
      const connected = await eventually(async () => {
        const res = await client.request('POST', psa, {
          body: { subdomain: 'auditmsp', apiToken: SyncroStandIn.API_TOKEN, url: syncro.url },
          token: owner.accessToken,
          headers: origin,
        });
        return res.status === 201 ? res.body : null;
      });
      expect(
        (
          await client.patch(
            `${psa}/${connected.id}`,
            { apiToken: SyncroStandIn.API_TOKEN },
            owner.accessToken,
          )
        ).status,
      ).toBe(200);
      expect((await client.delete(`${psa}/${connected.id}`, owner.accessToken)).status).toBe(204);
      const integration = await entryAbout('integrations.events.integration.created', connected.id);
      expect(integration).toMatchObject({
        actor: { type: 'user', id: owner.userId },
        subject: { type: 'integration', id: connected.id },
        ip: '203.0.113.77',
        userAgent: 'AuditTest/1.0',
        occurredAt: expect.any(String),
        data: expect.objectContaining({ companyId, type: 'syncro', status: 'active' }),
      });
      const updated = await entryAbout('integrations.events.integration.updated', connected.id);
      expect(updated.data.changed).toEqual(['apiToken']);
      expect(JSON.stringify([integration, updated])).not.toContain(SyncroStandIn.API_TOKEN);
      await entryAbout('integrations.events.integration.deleted', connected.id);
    } finally {
      await syncro.stop();
    }

    // auth: the owner sets a member's password (an admin action on a member).
    const victim = await newUser('logvictim');
    await addMembership(companyId, owner, victim, 'member');
    await eventually(async () => {
      const res = await client.request('POST', `${base()}/members/${victim.userId}/password-reset`, {
        body: { newPassword: 'set by the audited admin 2024!' },
        token: owner.accessToken,
        headers: origin,
      });
      return res.status === 200 ? res.body : null;
    });
    const passwordSet = await entryAbout('auth.events.password.changed', victim.userId);
    expect(passwordSet).toMatchObject({
      companyId,
      actor: { type: 'user', id: owner.userId },
      subject: { type: 'user', id: victim.userId },
      ip: '203.0.113.77',
      userAgent: 'AuditTest/1.0',
      occurredAt: expect.any(String),
      data: expect.objectContaining({ userId: victim.userId, via: 'reset' }),
    });
    expect(passwordSet.data).not.toHaveProperty('newPassword');

    // The catalogue lists every code seen; filtering by a context's prefix (search) or exact type finds them.
    const codes = (await client.get(`${base()}/log/events`, owner.accessToken)).body.items.map(
      (c: { code: string }) => c.code,
    );
    expect(codes).toEqual(expect.arrayContaining(seen));
    for (const prefix of ['billing.events.', 'integrations.events.', 'auth.events.']) {
      const res = await client.get(`${base()}/log?filter=type:search:${prefix}&limit=100`, owner.accessToken);
      expect(res.status).toBe(200);
      const types = res.body.items.map((e: { type: string }) => e.type);
      expect(types.length).toBeGreaterThanOrEqual(1);
      expect(types.every((t: string) => t.startsWith(prefix))).toBe(true);
      expect(types).toEqual(expect.arrayContaining(seen.filter((t) => t.startsWith(prefix))));
    }
    const inTypes = await client.get(
      `${base()}/log?filter=type:in:billing.events.subscription.updated|integrations.events.webhook_endpoint.created&limit=100`,
      owner.accessToken,
    );
    expect(new Set(inTypes.body.items.map((e: { type: string }) => e.type))).toEqual(
      new Set(['billing.events.subscription.updated', 'integrations.events.webhook_endpoint.created']),
    );
    // None of it reaches another company's log.
    for (const prefix of ['billing.events.', 'integrations.events.']) {
      const other = await client.get(
        `/api/v1/companies/${secondCompanyId}/log?filter=type:search:${prefix}`,
        owner.accessToken,
      );
      expect(other.body.total).toBe(0);
    }
  });

  it('records OAuth application and recipe changes (no secret), which the catalogue lists, in this company only', async () => {
    const send = async (method: string, path: string, body?: Record<string, unknown>) =>
      client.request(method, `${base()}${path}`, { body, token: owner.accessToken, headers: origin });
    /** Every entry of `type` whose data matches, once projected. */
    const entriesWith = (type: string, match: (data: Record<string, unknown>) => boolean) =>
      eventually(async () => {
        const res = await client.get(`${base()}/log?filter=type:eq:${type}&limit=100`, owner.accessToken);
        const items = res.status === 200 ? res.body.items.filter((e: any) => match(e.data)) : [];
        return items.length ? items : null;
      });
    const who = {
      companyId,
      actor: { type: 'user', id: owner.userId },
      ip: '203.0.113.77',
      userAgent: 'AuditTest/1.0',
      occurredAt: expect.any(String),
    };

    // auth: an OAuth application created, renamed, its secret reset, deleted.
    const app = await send('POST', '/oauth-apps', {
      title: 'Audited app',
      redirectUris: ['https://app.example/cb'],
    });
    expect(app.status).toBe(201);
    const clientId: string = app.body.clientId;
    const secrets: string[] = [app.body.clientSecret];
    expect((await send('PATCH', `/oauth-apps/${clientId}`, { title: 'Audited app 2' })).status).toBe(200);
    const reset = await send('POST', `/oauth-apps/${clientId}/reset-secret`);
    expect(reset.status).toBe(200);
    secrets.push(reset.body.clientSecret);
    expect((await send('DELETE', `/oauth-apps/${clientId}`)).status).toBe(204);
    const ofApp = (data: Record<string, unknown>) => data.clientId === clientId;
    const [appCreated] = await entriesWith('auth.events.oauth_app.created', ofApp);
    expect(appCreated).toMatchObject({
      ...who,
      type: 'auth.events.oauth_app.created',
      subject: { type: 'oauth_app', id: expect.any(String) },
      data: expect.objectContaining({
        clientId,
        companyId,
        title: 'Audited app',
        status: 'active',
        changed: [],
      }),
    });
    const appSubject = appCreated.subject;
    const [appUpdated] = await entriesWith('auth.events.oauth_app.updated', ofApp);
    expect(appUpdated).toMatchObject({ ...who, subject: appSubject });
    expect(appUpdated.data).toMatchObject({ title: 'Audited app 2', changed: ['title'] });
    const [appReset] = await entriesWith('auth.events.oauth_app.secret_reset', ofApp);
    expect(appReset).toMatchObject({ ...who, subject: appSubject });
    const [appDeleted] = await entriesWith('auth.events.oauth_app.deleted', ofApp);
    expect(appDeleted).toMatchObject({ ...who, subject: appSubject });
    // The subject filter finds all four.
    const aboutApp = await client.get(
      `${base()}/log?filter=subjectId:eq:${appSubject.id}&limit=100`,
      owner.accessToken,
    );
    expect(new Set(aboutApp.body.items.map((e: { type: string }) => e.type))).toEqual(
      new Set(['created', 'updated', 'secret_reset', 'deleted'].map((t) => `auth.events.oauth_app.${t}`)),
    );
    const appEntries = JSON.stringify([appCreated, appUpdated, appReset, appDeleted]);
    for (const secret of secrets) expect(appEntries).not.toContain(secret);
    expect(appEntries).not.toContain('rcs_');

    // integrations: a recipe created, disabled, deleted.
    const recipe = await send('POST', '/recipes', {
      name: 'Audited recipe',
      eventType: 'directory.events.company.updated',
      actions: [{ type: 'email', to: 'audit@example.com', subject: 'changed', body: 'changed' }],
    });
    expect(recipe.status).toBe(201);
    expect((await send('PATCH', `/recipes/${recipe.body.id}`, { enabled: false })).status).toBe(200);
    expect((await send('DELETE', `/recipes/${recipe.body.id}`)).status).toBe(204);
    const ofRecipe = (data: Record<string, unknown>) => data.recipeId === recipe.body.id;
    const recipeSubject = { type: 'recipe', id: recipe.body.id };
    const [recipeCreated] = await entriesWith('integrations.events.recipe.created', ofRecipe);
    expect(recipeCreated).toMatchObject({
      ...who,
      subject: recipeSubject,
      data: {
        recipeId: recipe.body.id,
        companyId,
        name: 'Audited recipe',
        eventType: 'directory.events.company.updated',
        enabled: true,
        changed: [],
      },
    });
    const [recipeDisabled] = await entriesWith('integrations.events.recipe.updated', ofRecipe);
    expect(recipeDisabled).toMatchObject({ ...who, subject: recipeSubject });
    expect(recipeDisabled.data).toMatchObject({ enabled: false, changed: ['enabled'] });
    const [recipeDeleted] = await entriesWith('integrations.events.recipe.deleted', ofRecipe);
    expect(recipeDeleted).toMatchObject({ ...who, subject: recipeSubject });

    // The catalogue lists the codes; another company's log has none of it.
    const types = [
      ...['created', 'updated', 'deleted', 'secret_reset', 'certificate_added', 'certificate_removed'].map(
        (t) => `auth.events.oauth_app.${t}`,
      ),
      ...['created', 'updated', 'deleted'].map((t) => `integrations.events.recipe.${t}`),
    ];
    const codes = (await client.get(`${base()}/log/events`, owner.accessToken)).body.items.map(
      (c: { code: string }) => c.code,
    );
    expect(codes).toEqual(expect.arrayContaining(types));
    for (const subjectId of [appSubject.id, recipe.body.id]) {
      const other = await client.get(
        `/api/v1/companies/${secondCompanyId}/log?filter=subjectId:eq:${subjectId}`,
        owner.accessToken,
      );
      expect(other.status).toBe(200);
      expect(other.body.total).toBe(0);
    }
    for (const prefix of ['auth.events.oauth_app.', 'integrations.events.recipe.']) {
      const other = await client.get(
        `/api/v1/companies/${secondCompanyId}/log?filter=type:search:${prefix}`,
        owner.accessToken,
      );
      expect(other.body.total).toBe(0);
    }
  });

  it('records org unit, group, contact, label and application changes, each as its own event', async () => {
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await client.post(`${base()}${path}`, body, owner.accessToken);
      expect(res.status < 300 ? 'ok' : `${path}: ${res.status} ${JSON.stringify(res.body)}`).toBe('ok');
      return res.body as { id: string };
    };
    const suffix = randomUUID().slice(0, 8);
    const unit = await post('/org-units', { name: `Unit ${suffix}` });
    const group = await post('/groups', { name: `Group ${suffix}` });
    const contact = await post('/contacts', {
      firstName: 'Audit',
      lastName: suffix,
      email: `c-${suffix}@example.com`,
    });
    const label = await post('/labels', { name: `Label ${suffix}` });
    const application = await post('/applications', {
      name: `App ${suffix}`,
      url: 'https://audited.example.com',
      signInMethod: 'form_fill',
    });
    // One change more of each family: a rename (PATCH) or an assignment.
    for (const [path, body] of [
      [`/org-units/${unit.id}`, { name: `Unit ${suffix} renamed` }],
      [`/groups/${group.id}`, { name: `Group ${suffix} renamed` }],
      [`/contacts/${contact.id}`, { firstName: 'Audited' }],
      [`/labels/${label.id}`, { name: `Label ${suffix} renamed` }],
      [`/applications/${application.id}`, { name: `App ${suffix} renamed` }],
    ] as const) {
      const res = await client.patch(`${base()}${path}`, body, owner.accessToken);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    await post(`/org-units/${unit.id}/applications`, { applicationId: application.id });
    await post(`/groups/${group.id}/members`, { userId: member.userId });
    await post(`/labels/${label.id}/members`, { userId: member.userId });

    const expected: Array<[string, string, string]> = [
      ['directory.events.org_unit.created', 'org_unit', unit.id],
      ['directory.events.org_unit.updated', 'org_unit', unit.id],
      ['directory.events.group.created', 'group', group.id],
      ['directory.events.group.updated', 'group', group.id],
      ['directory.events.contact.created', 'contact', contact.id],
      ['directory.events.contact.updated', 'contact', contact.id],
      ['directory.events.label.created', 'label', label.id],
      ['directory.events.label.updated', 'label', label.id],
      ['directory.events.application.created', 'application', application.id],
      ['directory.events.application.updated', 'application', application.id],
      ['directory.events.org_unit.application_added', 'org_unit', unit.id],
      ['directory.events.group.member_added', 'user', member.userId],
      ['directory.events.label.attached', 'user', member.userId],
    ];
    const codes = (await client.get(`${base()}/log/events`, owner.accessToken)).body.items.map(
      (c: { code: string }) => c.code,
    );
    for (const [type, subjectType, subjectId] of expected) {
      const page = await eventually(async () => {
        const all = await client.get(`${base()}/log?filter=type:eq:${type}&limit=100`, owner.accessToken);
        if (!all.body.items?.length) return null;
        if (!all.body.items.some((e: { subject: { id: string } | null }) => e.subject?.id === subjectId))
          throw new Error(`${type}: no entry about ${subjectId}: ${JSON.stringify(all.body.items[0])}`);
        const res = await client.get(
          `${base()}/log?filter=type:eq:${type}&filter=subjectId:eq:${subjectId}&limit=100`,
          owner.accessToken,
        );
        return res.status === 200 && res.body.items.length >= 1 ? res.body : null;
      });
      expect({ type, entry: page.items[0] }).toMatchObject({
        type,
        entry: {
          companyId,
          actor: { type: 'user', id: owner.userId },
          subject: { type: subjectType, id: subjectId },
          occurredAt: expect.any(String),
        },
      });
      expect(codes).toContain(type);
    }
  });

  it('lists the catalogue of event codes', async () => {
    const res = await client.get(`${base()}/log/events`, owner.accessToken);
    expect(res.status).toBe(200);
    const codes = res.body.items.map((c: { code: string }) => c.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'directory.events.group.created',
        'directory.events.org_unit.deleted',
        'auth.events.two_factor.disabled',
        'billing.events.subscription.updated',
      ]),
    );
    expect(res.body.items[0]).toEqual({
      code: expect.any(String),
      context: expect.any(String),
      description: expect.any(String),
    });
  });

  it('a provider administrator reads a customer’s log (and exports it); another provider’s administrator gets 404', async () => {
    const added = await entriesOf(
      'directory.events.member.added',
      `${base()}/log`,
      providerAdmin.accessToken,
    );
    expect(JSON.stringify(added.items)).toContain(member.userId);
    const exported = await client.get(`${base()}/log/export?format=csv`, providerAdmin.accessToken);
    expect(exported.status).toBe(200);
    const foreign = await otherProviderAdmin();
    for (const path of [`${base()}/log`, `${base()}/log/events`, `${base()}/log/export?format=csv`])
      expectProblem(await client.get(path, foreign.accessToken), 404, 'NOT_FOUND');
    // ... while the log of a customer of their own provider is theirs to read.
    const mine = await createCustomerCompany(owner, 'Foreign Provider Customer');
    expect(
      (await client.get(`/api/v1/companies/${mine.id}/log`, mine.providerAdmin.accessToken)).status,
    ).toBe(200);
    expectProblem(
      await client.get(`/api/v1/companies/${mine.id}/log`, providerAdmin.accessToken),
      404,
      'NOT_FOUND',
    );
  });

  it('isolates every route: the log is for admins', async () => {
    await expectIsolation(
      [
        { method: 'GET', path: `${base()}/log`, admin: true },
        { method: 'GET', path: `${base()}/log/events`, admin: true },
        { method: 'GET', path: `${base()}/log/export?format=jsonl`, admin: true },
        { method: 'GET', path: `${base()}/members/${owner.userId}/activity`, admin: true },
        { method: 'GET', path: `${base()}/members/${member.userId}/activity`, admin: false },
      ],
      { outsider, member, otherProviderAdmin: await otherProviderAdmin(), providerAdmin },
    );
    expectProblem(await client.get(`${base()}/members/${randomUUID()}/activity`, outsider.accessToken), 404);
  });
});
