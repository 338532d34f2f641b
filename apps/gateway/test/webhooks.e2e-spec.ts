import { Client } from 'pg';
import { eventually } from '@roster/testing';
import { api, expectProblem, newUser, platform, SignedUpUser } from './support';
import { signatureValid, WebhookReceiver } from './webhook-receiver';

const UPDATED = 'directory.events.company.updated';

describe('webhooks', () => {
  const client = api();
  const receiver = new WebhookReceiver();
  let owner: SignedUpUser;
  let member: SignedUpUser;
  let stranger: SignedUpUser;

  beforeAll(async () => {
    await receiver.start();
    [owner, member, stranger] = await Promise.all([
      newUser('hook-owner'),
      newUser('hook-member'),
      newUser('hook-x'),
    ]);
  });
  afterAll(() => receiver.stop());

  const createCompany = async (user: SignedUpUser, name: string): Promise<string> => {
    const res = await client.post('/api/v1/companies', { name }, user.accessToken);
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const hooks = (companyId: string) => `/api/v1/companies/${companyId}/webhooks`;
  const register = async (companyId: string, body: Record<string, unknown>, user = owner) => {
    const res = await client.post(hooks(companyId), body, user.accessToken);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body;
  };
  const rename = async (companyId: string, name: string) =>
    expect((await client.patch(`/api/v1/companies/${companyId}`, { name }, owner.accessToken)).status).toBe(
      200,
    );
  const deliveries = async (companyId: string, webhookId: string, query = '') =>
    (await client.get(`${hooks(companyId)}/${webhookId}/deliveries${query}`, owner.accessToken)).body;

  describe('endpoints', () => {
    let companyId: string;
    beforeAll(async () => {
      companyId = await createCompany(owner, 'Hooks Co');
    });

    it('registers an endpoint and shows its whsec_ secret only once', async () => {
      const created = await register(companyId, {
        url: receiver.url('/crud'),
        description: 'CRM',
        eventTypes: [UPDATED, 'billing.events.*'],
      });
      expect(created).toMatchObject({
        id: expect.any(String),
        companyId,
        url: receiver.url('/crud'),
        description: 'CRM',
        eventTypes: [UPDATED, 'billing.events.*'],
        active: true,
        disabledReason: null,
        consecutiveFailures: 0,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/),
      });
      const read = await client.get(`${hooks(companyId)}/${created.id}`, owner.accessToken);
      expect(read.status).toBe(200);
      expect(read.body.secret).toBeUndefined();
      expect(JSON.stringify(read.body)).not.toContain(created.secret.slice(6));
      const list = await client.get(`${hooks(companyId)}?filter=active:eq:true`, owner.accessToken);
      expect(list.body).toMatchObject({ total: 1, items: [{ id: created.id }] });
      expect(list.body.items[0].secret).toBeUndefined();

      const patched = await client.patch(
        `${hooks(companyId)}/${created.id}`,
        { active: false, eventTypes: [] },
        owner.accessToken,
      );
      expect(patched.body).toMatchObject({ active: false, eventTypes: [] });
      expect((await client.delete(`${hooks(companyId)}/${created.id}`, owner.accessToken)).status).toBe(204);
      expectProblem(await client.get(`${hooks(companyId)}/${created.id}`, owner.accessToken), 404);
    });

    it('refuses bad event types and unknown fields (400)', async () => {
      expectProblem(
        await client.post(
          hooks(companyId),
          { url: receiver.url('/x'), eventTypes: ['Not Valid'] },
          owner.accessToken,
        ),
        400,
      );
      expectProblem(
        await client.post(hooks(companyId), { url: receiver.url('/x'), secret: 'mine' }, owner.accessToken),
        400,
      );
    });

    it.each([
      ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
      ['a link-local address', 'http://169.254.10.20:8080/hook'],
      ['the unspecified address', 'http://0.0.0.0:8080/hook'],
      ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/'],
      ['IPv6 link-local', 'http://[fe80::1]/'],
      ['a non-http scheme', 'ftp://127.0.0.1/hook'],
      ['a file URL', 'file:///etc/passwd'],
      ['credentials in the URL', 'http://user:pw@127.0.0.1/hook'],
    ])('refuses %s with 422 even where private networks are allowed', async (_, url) => {
      const problem = expectProblem(
        await client.post(hooks(companyId), { url }, owner.accessToken),
        422,
        'UNPROCESSABLE',
      );
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    });

    it('refuses to move an endpoint to the metadata address (422)', async () => {
      const created = await register(companyId, { url: receiver.url('/move') });
      expectProblem(
        await client.patch(
          `${hooks(companyId)}/${created.id}`,
          { url: 'http://169.254.169.254/' },
          owner.accessToken,
        ),
        422,
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
      expectProblem(await client.get(hooks(companyId), member.accessToken), 403);
      expectProblem(
        await client.post(hooks(companyId), { url: receiver.url('/m') }, member.accessToken),
        403,
      );
      expectProblem(await client.get(hooks(companyId), stranger.accessToken), 404);
      expectProblem(
        await client.post(hooks(companyId), { url: receiver.url('/s') }, stranger.accessToken),
        404,
      );
      expectProblem(await client.get(hooks(companyId)), 401);
    });
  });

  describe('deliveries', () => {
    it('delivers a company event signed the Standard Webhooks way, and logs it', async () => {
      const companyId = await createCompany(owner, 'Signed Co');
      const endpoint = await register(companyId, { url: receiver.url('/signed'), eventTypes: [UPDATED] });
      await rename(companyId, 'Signed Co Renamed');
      const [hook] = await eventually(
        async () => receiver.on('/signed').length > 0 && receiver.on('/signed'),
      );
      expect(hook.headers['content-type']).toBe('application/json');
      expect(hook.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number(hook.headers['webhook-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(hook.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(signatureValid(endpoint.secret, hook)).toBe(true);
      expect(
        signatureValid(endpoint.secret, { ...hook, body: hook.body.replace('Renamed', 'Tampered') }),
      ).toBe(false);
      expect(hook.json).toEqual({
        type: UPDATED,
        timestamp: expect.any(String),
        eventId: expect.any(String),
        companyId,
        data: expect.objectContaining({ companyId, name: 'Signed Co Renamed' }),
      });

      const log = await eventually(async () => {
        const page = await deliveries(companyId, endpoint.id);
        return page.items[0]?.status === 'delivered' && page;
      });
      expect(log).toMatchObject({ total: 1 });
      expect(log.items[0]).toMatchObject({
        id: hook.headers['webhook-id'],
        eventType: UPDATED,
        eventId: hook.json.eventId,
        status: 'delivered',
        attempts: 1,
        lastResponseCode: 200,
        lastDurationMs: expect.any(Number),
      });
    });

    it('only sends the event types an endpoint subscribes to', async () => {
      const companyId = await createCompany(owner, 'Filter Co');
      const other = await register(companyId, {
        url: receiver.url('/filtered'),
        eventTypes: ['billing.events.*'],
      });
      const all = await register(companyId, { url: receiver.url('/everything') });
      await rename(companyId, 'Filter Co 2');
      await eventually(async () => receiver.on('/everything').some((h) => h.json?.type === UPDATED));
      expect((await deliveries(companyId, all.id)).total).toBeGreaterThanOrEqual(1);
      expect(await deliveries(companyId, other.id)).toMatchObject({ total: 0 });
      expect(receiver.on('/filtered')).toHaveLength(0);
    });

    it('retries a receiver that answers 500, with the same webhook-id, until it answers 200', async () => {
      const companyId = await createCompany(owner, 'Retry Co');
      receiver.script('/flaky', [500]);
      const endpoint = await register(companyId, { url: receiver.url('/flaky'), eventTypes: [UPDATED] });
      await rename(companyId, 'Retry Co 2');
      const page = await eventually(
        async () => {
          const p = await deliveries(companyId, endpoint.id);
          return p.items[0]?.status === 'delivered' && p;
        },
        { timeoutMs: 20_000 },
      );
      const delivery = page.items[0];
      expect(delivery).toMatchObject({ attempts: 2, lastResponseCode: 200, lastError: null });
      const detail = await client.get(
        `${hooks(companyId)}/${endpoint.id}/deliveries/${delivery.id}`,
        owner.accessToken,
      );
      expect(detail.body.attemptLog).toEqual([
        expect.objectContaining({ attempt: 1, responseCode: 500, error: 'HTTP 500' }),
        expect.objectContaining({ attempt: 2, responseCode: 200, error: null }),
      ]);
      const attempts = receiver.on('/flaky');
      expect(attempts).toHaveLength(2);
      expect(new Set(attempts.map((a) => a.headers['webhook-id']))).toEqual(new Set([delivery.id]));
      expect(attempts.every((a) => signatureValid(endpoint.secret, a))).toBe(true);
      const endpointNow = await client.get(`${hooks(companyId)}/${endpoint.id}`, owner.accessToken);
      expect(endpointNow.body).toMatchObject({ active: true, consecutiveFailures: 0 });
    });

    it('pings an endpoint on demand', async () => {
      const companyId = await createCompany(owner, 'Ping Co');
      const endpoint = await register(companyId, { url: receiver.url('/ping'), eventTypes: [UPDATED] });
      const ping = await client.post(`${hooks(companyId)}/${endpoint.id}/ping`, {}, owner.accessToken);
      expect(ping.status).toBe(202);
      expect(ping.body).toMatchObject({ eventType: 'integrations.webhook.ping', status: 'pending' });
      const [hook] = await eventually(async () => receiver.on('/ping').length > 0 && receiver.on('/ping'));
      expect(hook.headers['webhook-id']).toBe(ping.body.id);
      expect(hook.json).toMatchObject({
        type: 'integrations.webhook.ping',
        data: { endpointId: endpoint.id },
      });
      expect(signatureValid(endpoint.secret, hook)).toBe(true);
    });

    it('redelivers a delivery on demand (same webhook-id, one more attempt)', async () => {
      const companyId = await createCompany(owner, 'Redeliver Co');
      const endpoint = await register(companyId, { url: receiver.url('/redeliver'), eventTypes: [UPDATED] });
      await rename(companyId, 'Redeliver Co 2');
      const first = await eventually(async () => {
        const p = await deliveries(companyId, endpoint.id);
        return p.items[0]?.status === 'delivered' && p.items[0];
      });
      const again = await client.post(
        `${hooks(companyId)}/${endpoint.id}/deliveries/${first.id}/redeliver`,
        {},
        owner.accessToken,
      );
      expect(again.status).toBe(202);
      const hooksSeen = await eventually(
        async () => receiver.on('/redeliver').length === 2 && receiver.on('/redeliver'),
      );
      expect(hooksSeen.map((h) => h.headers['webhook-id'])).toEqual([first.id, first.id]);
      expect(hooksSeen[1].body).toBe(hooksSeen[0].body);
      await eventually(async () => {
        const d = (
          await client.get(`${hooks(companyId)}/${endpoint.id}/deliveries/${first.id}`, owner.accessToken)
        ).body;
        return d.status === 'delivered' && d.attempts === 2;
      });
      expectProblem(
        await client.post(
          `${hooks(companyId)}/${endpoint.id}/deliveries/00000000-0000-4000-8000-000000000000/redeliver`,
          {},
          owner.accessToken,
        ),
        404,
      );
    });

    it('replays every event since a time, also to an endpoint registered afterwards', async () => {
      const companyId = await createCompany(owner, 'Replay Co');
      const since = new Date(Date.now() - 60_000).toISOString();
      const watcher = await register(companyId, {
        url: receiver.url('/replay-watch'),
        eventTypes: [UPDATED],
      });
      await rename(companyId, 'Replay Co A');
      await rename(companyId, 'Replay Co B');
      await eventually(async () => receiver.on('/replay-watch').length === 2);
      // Registered after the events: nothing arrives until a replay.
      const late = await register(companyId, { url: receiver.url('/replay-late'), eventTypes: [UPDATED] });
      const replay = await client.post(`${hooks(companyId)}/${late.id}/replay`, { since }, owner.accessToken);
      expect(replay.status).toBe(202);
      expect(replay.body).toEqual({ queued: 2 });
      const got = await eventually(
        async () => receiver.on('/replay-late').length === 2 && receiver.on('/replay-late'),
      );
      expect(got.map((h) => h.json.data.name).sort()).toEqual(['Replay Co A', 'Replay Co B']);
      expect(got.every((h) => signatureValid(late.secret, h))).toBe(true);
      // A replay from now on has nothing to send.
      const none = await client.post(
        `${hooks(companyId)}/${watcher.id}/replay`,
        { since: new Date(Date.now() + 60_000).toISOString() },
        owner.accessToken,
      );
      expect(none.body).toEqual({ queued: 0 });
      expectProblem(
        await client.post(`${hooks(companyId)}/${late.id}/replay`, { since: 'yesterday' }, owner.accessToken),
        400,
      );
    });

    it('disables an endpoint after repeated failures, announces it, and can be re-enabled', async () => {
      const companyId = await createCompany(owner, 'Failing Co');
      receiver.script('/down', [], 500);
      const down = await register(companyId, { url: receiver.url('/down'), eventTypes: [UPDATED] });
      const watcher = await register(companyId, {
        url: receiver.url('/watch-disabled'),
        eventTypes: ['integrations.events.webhook_endpoint.disabled'],
      });
      await rename(companyId, 'Failing Co 2');
      // e2e: WEBHOOKS_DISABLE_AFTER_FAILURES=4, retries every second.
      const disabled = await eventually(
        async () => {
          const e = (await client.get(`${hooks(companyId)}/${down.id}`, owner.accessToken)).body;
          return e.active === false && e;
        },
        { timeoutMs: 20_000 },
      );
      expect(disabled).toMatchObject({
        consecutiveFailures: 4,
        disabledReason: expect.stringContaining('4 consecutive failed deliveries'),
      });
      const [announcement] = await eventually(
        async () => receiver.on('/watch-disabled').length > 0 && receiver.on('/watch-disabled'),
      );
      expect(announcement.json).toMatchObject({
        type: 'integrations.events.webhook_endpoint.disabled',
        companyId,
        data: { endpointId: down.id, companyId, consecutiveFailures: 4, url: receiver.url('/down') },
      });
      expect(signatureValid(watcher.secret, announcement)).toBe(true);
      const log = await deliveries(companyId, down.id);
      expect(log.items[0]).toMatchObject({ status: 'pending', attempts: 4, lastResponseCode: 500 });

      // Back up: re-enabling resumes the waiting delivery.
      receiver.script('/down', [], 200);
      const enabled = await client.patch(
        `${hooks(companyId)}/${down.id}`,
        { active: true },
        owner.accessToken,
      );
      expect(enabled.body).toMatchObject({ active: true, disabledReason: null, consecutiveFailures: 0 });
      await eventually(async () => (await deliveries(companyId, down.id)).items[0]?.status === 'delivered', {
        timeoutMs: 15_000,
      });
    });

    it('rotates the secret: the new one is shown once, and both sign during the grace period', async () => {
      const companyId = await createCompany(owner, 'Rotate Co');
      const endpoint = await register(companyId, { url: receiver.url('/rotate'), eventTypes: [UPDATED] });
      const rotated = await client.post(
        `${hooks(companyId)}/${endpoint.id}/secret/rotate`,
        {},
        owner.accessToken,
      );
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      await rename(companyId, 'Rotate Co 2');
      const [hook] = await eventually(
        async () => receiver.on('/rotate').length > 0 && receiver.on('/rotate'),
      );
      expect((hook.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
      expect(signatureValid(rotated.body.secret, hook)).toBe(true);
      expect(signatureValid(endpoint.secret, hook)).toBe(true);
    });

    it('a slow receiver does not hold up another company’s deliveries', async () => {
      const slowCompany = await createCompany(owner, 'Slow Co');
      const fastCompany = await createCompany(stranger, 'Fast Co');
      let release!: () => void;
      const released = new Promise<number>((resolve) => (release = () => resolve(200)));
      receiver.script('/slow', [() => released]);
      const slow = await register(slowCompany, { url: receiver.url('/slow'), eventTypes: [UPDATED] });
      const fastRes = await client.post(
        hooks(fastCompany),
        { url: receiver.url('/fast'), eventTypes: [UPDATED] },
        stranger.accessToken,
      );
      expect(fastRes.status).toBe(201);
      await rename(slowCompany, 'Slow Co 2');
      await eventually(async () => receiver.on('/slow').length === 1); // held open by the receiver
      expect(
        (await client.patch(`/api/v1/companies/${fastCompany}`, { name: 'Fast Co 2' }, stranger.accessToken))
          .status,
      ).toBe(200);
      // The other company's delivery arrives while the slow one is still in flight …
      await eventually(async () => receiver.on('/fast').length === 1);
      release();
      // … so the slow one succeeds on its first attempt (a serial queue would have let it time out first: 8 s in e2e).
      const slowLog = await eventually(async () => {
        const p = await deliveries(slowCompany, slow.id);
        return p.items[0]?.status === 'delivered' && p.items[0];
      });
      expect(slowLog.attempts).toBe(1);
    });
    it('times out a receiver that never answers after WEBHOOKS_TIMEOUT_MS, records it and retries, while another endpoint receives on time', async () => {
      const timeoutMs = Number(platform().env.integrations?.WEBHOOKS_TIMEOUT_MS ?? 8000);
      const hungCompany = await createCompany(owner, 'Hung Co');
      const promptCompany = await createCompany(stranger, 'Prompt Co');
      // First attempt: the receiver reads the request and never answers; the retry gets a 200.
      receiver.script('/hung', [() => new Promise<number>(() => undefined)]);
      const hung = await register(hungCompany, { url: receiver.url('/hung'), eventTypes: [UPDATED] });
      const promptRes = await client.post(
        hooks(promptCompany),
        { url: receiver.url('/prompt'), eventTypes: [UPDATED] },
        stranger.accessToken,
      );
      expect(promptRes.status).toBe(201);
      await rename(hungCompany, 'Hung Co 2');
      await eventually(async () => receiver.on('/hung').length === 1);
      const hungAt = Date.now();
      expect(
        (
          await client.patch(
            `/api/v1/companies/${promptCompany}`,
            { name: 'Prompt Co 2' },
            stranger.accessToken,
          )
        ).status,
      ).toBe(200);
      // The other endpoint's delivery is made, and logged as delivered, while the hung one waits out its timeout.
      const promptLog = await eventually(async () => {
        const p = (
          await client.get(`${hooks(promptCompany)}/${promptRes.body.id}/deliveries`, stranger.accessToken)
        ).body;
        return p.items[0]?.status === 'delivered' && p.items[0];
      });
      expect(Date.now() - hungAt).toBeLessThan(timeoutMs);
      expect(promptLog).toMatchObject({ attempts: 1, lastResponseCode: 200 });
      expect((await deliveries(hungCompany, hung.id)).items[0]).toMatchObject({
        status: 'pending',
        attempts: 0,
      });

      // The hung attempt fails with a timeout after WEBHOOKS_TIMEOUT_MS; the retry (1 s later in e2e) succeeds.
      const page = await eventually(
        async () => {
          const p = await deliveries(hungCompany, hung.id);
          return p.items[0]?.status === 'delivered' && p;
        },
        { timeoutMs: timeoutMs + 20_000, intervalMs: 250 },
      );
      const delivery = page.items[0];
      expect(delivery).toMatchObject({ attempts: 2, lastResponseCode: 200, lastError: null });
      const detail = await client.get(
        `${hooks(hungCompany)}/${hung.id}/deliveries/${delivery.id}`,
        owner.accessToken,
      );
      expect(detail.body.attemptLog).toEqual([
        expect.objectContaining({ attempt: 1, responseCode: null, error: `timed out after ${timeoutMs} ms` }),
        expect.objectContaining({ attempt: 2, responseCode: 200, error: null }),
      ]);
      const [first] = detail.body.attemptLog;
      expect(first.durationMs).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(first.durationMs).toBeLessThan(timeoutMs + 2000);
      const attempts = receiver.on('/hung');
      expect(attempts).toHaveLength(2);
      expect(new Set(attempts.map((a) => a.headers['webhook-id']))).toEqual(new Set([delivery.id]));
    });
  });
});
