import { randomBytes, randomUUID } from 'node:crypto';
import { eventually } from '@roster/testing';
import { publishTxt } from './dns-stub';
import { DirectoryEvents } from './directory-events';
import { createCompany, newProfiledUser } from './people-support';
import { api, expectProblem } from './support';

/** Directory's domain events, as directory would publish them (see DirectoryEvents). */
class DomainEvents {
  private constructor(private readonly events: DirectoryEvents) {}
  static async connect() {
    return new DomainEvents(await DirectoryEvents.connect());
  }
  verified = (companyId: string, domain: string, at = new Date()) =>
    this.events.publish('directory.events.domain.verified', companyId, {
      domain,
      verifiedAt: at.toISOString(),
    });
  removed = (companyId: string, domain: string, at = new Date()) =>
    this.events.publish('directory.events.domain.removed', companyId, {
      domain,
      removedAt: at.toISOString(),
    });
  ssoUpdated = (companyId: string, domain: string, sso: Record<string, unknown> | null, at = new Date()) =>
    this.events.publish('directory.events.domain.sso_updated', companyId, {
      domain,
      sso,
      updatedAt: at.toISOString(),
    });
  close = () => this.events.close();
}

const oidc = (loginUrl: string, enabled = true) => ({
  enabled,
  protocol: 'oidc',
  loginUrl,
  issuer: 'https://idp.example',
  clientId: 'roster',
});

describe('SSO discovery', () => {
  const client = api();
  let directory: DomainEvents;
  const newDomain = () => `corp-${randomBytes(4).toString('hex')}.example`;
  const sso = (email: string) => client.get(`/api/v1/auth/sso?email=${encodeURIComponent(email)}`);
  const discovery = (email: string) =>
    client.get(`/api/v1/auth/discovery?email=${encodeURIComponent(email)}`);

  beforeAll(async () => {
    directory = await DomainEvents.connect();
  });
  afterAll(async () => {
    await directory?.close();
  });

  it('through the real chain: a company verifies its domain against DNS and sets SSO; auth learns it from directory’s events', async () => {
    const owner = await newProfiledUser('sso-owner');
    const company = await createCompany(owner, 'SSO Chain Co');
    const domain = `sso-${randomBytes(4).toString('hex')}.example.org`;
    const base = `/api/v1/companies/${company.id}/domains`;
    const added = await client.post(base, { domain }, owner.accessToken);
    expect(added.status).toBe(201);
    publishTxt(domain, [added.body.txtRecord]); // the local DNS server directory resolves with
    const verified = await client.post(`${base}/${added.body.id}/verify`, undefined, owner.accessToken);
    expect(verified.status).toBe(200);
    expect((await sso(`someone@${domain}`)).status).toBe(204); // verified, but no SSO yet
    const settings = oidc('https://login.sso-chain.example/authorize?tenant=1');
    const set = await client.request('PUT', `${base}/${added.body.id}/sso`, {
      body: { sso: settings },
      token: owner.accessToken,
    });
    expect(set.status).toBe(200);
    // directory's outbox -> JetStream -> auth's consumer: poll until auth has it.
    const found = await eventually(async () => {
      const r = await sso(`Someone@${domain}`);
      return r.status === 200 ? r : null;
    });
    expect(found.body).toEqual({ protocol: 'oidc', loginUrl: settings.loginUrl });
    expect((await discovery(`other@${domain}`)).body).toEqual({
      method: 'sso',
      protocol: 'oidc',
      loginUrl: settings.loginUrl,
    });
    // Removing the domain withdraws it the same way.
    expect((await client.delete(`${base}/${added.body.id}`, owner.accessToken)).status).toBe(204);
    await eventually(async () => ((await sso(`someone@${domain}`)).status === 204 ? true : null));
  });

  it('204 / password for a domain nobody configured, whether or not the user exists', async () => {
    const res = await sso(`someone@${newDomain()}`);
    expect(res.status).toBe(204);
    expect((await discovery(`someone@${newDomain()}`)).body).toEqual({ method: 'password' });
  });

  it('200 with protocol and start URL once a company has verified the domain and enabled SSO', async () => {
    const companyId = randomUUID();
    const domain = newDomain();
    await directory.verified(companyId, domain);
    await directory.ssoUpdated(companyId, domain, oidc('https://idp.example/authorize?x=1'));
    const res = await eventually(async () => {
      const r = await sso(`Jane.Doe@${domain.toUpperCase()}`);
      return r.status === 200 ? r : null;
    });
    expect(res.body).toEqual({ protocol: 'oidc', loginUrl: 'https://idp.example/authorize?x=1' });
    expect((await discovery(`anyone@${domain}`)).body).toEqual({
      method: 'sso',
      protocol: 'oidc',
      loginUrl: 'https://idp.example/authorize?x=1',
    });
    // Only that exact domain.
    expect((await sso(`jane@sub.${domain}`)).status).toBe(204);
  });

  it('not before the domain is verified, not when SSO is disabled, and no longer once the domain is removed', async () => {
    const companyId = randomUUID();
    const domain = newDomain();
    const email = `user@${domain}`;
    // SSO settings arrive for an unverified domain: still password.
    const t0 = Date.now();
    await directory.ssoUpdated(companyId, domain, oidc('https://idp.example/a'), new Date(t0));
    // A later domain proves the consumers have passed our events.
    const marker = newDomain();
    await directory.verified(companyId, marker, new Date(t0 + 1));
    await directory.ssoUpdated(companyId, marker, oidc('https://idp.example/m'), new Date(t0 + 1));
    await eventually(async () => (await sso(`x@${marker}`)).status === 200);
    expect((await sso(email)).status).toBe(204);

    await directory.verified(companyId, domain, new Date(t0 + 2));
    await eventually(async () => (await sso(email)).status === 200);

    await directory.ssoUpdated(companyId, domain, oidc('https://idp.example/a', false), new Date(t0 + 3));
    await eventually(async () => (await sso(email)).status === 204);

    await directory.ssoUpdated(
      companyId,
      domain,
      { ...oidc('https://idp.example/b'), protocol: 'saml' },
      new Date(t0 + 4),
    );
    await eventually(async () => (await sso(email)).body?.protocol === 'saml');

    await directory.removed(companyId, domain, new Date(t0 + 5));
    await eventually(async () => (await sso(email)).status === 204);
    expect((await discovery(email)).body).toEqual({ method: 'password' });
  });

  it('an older SSO change arriving late does not overwrite a newer one', async () => {
    const companyId = randomUUID();
    const domain = newDomain();
    const t0 = Date.now();
    await directory.verified(companyId, domain, new Date(t0));
    await directory.ssoUpdated(companyId, domain, oidc('https://idp.example/new'), new Date(t0 + 10));
    await eventually(async () => (await sso(`u@${domain}`)).status === 200);
    await directory.ssoUpdated(companyId, domain, oidc('https://idp.example/old'), new Date(t0 + 5));
    // A later change to another domain shows the stale one has been consumed.
    const marker = newDomain();
    await directory.verified(companyId, marker, new Date(t0 + 11));
    await directory.ssoUpdated(companyId, marker, oidc('https://idp.example/m'), new Date(t0 + 11));
    await eventually(async () => (await sso(`x@${marker}`)).status === 200);
    expect((await sso(`u@${domain}`)).body).toEqual({
      protocol: 'oidc',
      loginUrl: 'https://idp.example/new',
    });
  });

  it('400 for a missing or malformed e-mail; public (no bearer needed)', async () => {
    expectProblem(await client.get('/api/v1/auth/sso'), 400, 'VALIDATION_FAILED');
    expectProblem(await client.get('/api/v1/auth/sso?email=not-an-email'), 400, 'VALIDATION_FAILED');
    expectProblem(await client.get('/api/v1/auth/discovery?email=x'), 400, 'VALIDATION_FAILED');
  });
});
