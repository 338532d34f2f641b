import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from '@roster/testing';
import { enableTotp } from './auth-support';
import { addMember, createCompany } from './directory-support';
import { api, expectProblem, newUser, platform, profileReady, SignedUpUser } from './support';

/**
 * Billing's SubscriptionUpdated, written to billing's own outbox: billing's relay publishes it over NATS
 * and directory consumes it, as when billing changes a subscription.
 */
async function billingPublishesSubscription(companyId: string, quantity: number, seatCap: number | null) {
  const db = new Client({ connectionString: platform().env.billing.DATABASE_URL });
  await db.connect();
  const eventId = randomUUID();
  const now = new Date();
  const envelope = {
    eventId,
    type: 'billing.events.subscription.updated',
    version: 1,
    occurredAt: now.toISOString(),
    tenantId: companyId,
    actor: { type: 'service', id: 'billing' },
    correlationId: null,
    causationId: null,
    data: {
      companyId,
      subscriptionId: randomUUID(),
      planId: 'team',
      status: 'active',
      previousStatus: null,
      quantity,
      seatCap,
      currentPeriodStart: now.toISOString(),
      currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      cancelAtPeriodEnd: false,
      // Later than anything billing itself may have sent for this company: this state wins.
      updatedAt: new Date(now.getTime() + 86_400_000).toISOString(),
    },
  };
  try {
    await db.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [
      eventId,
      envelope.type,
      envelope,
    ]);
  } finally {
    await db.end();
  }
}

describe('company statistics', () => {
  const client = api();
  let owner: SignedUpUser;
  let admin: SignedUpUser;
  let member: SignedUpUser;
  let disabled: SignedUpUser;
  let outsider: SignedUpUser;
  let companyId: string;
  const url = (id = companyId) => `/api/v1/companies/${id}/statistics`;

  beforeAll(async () => {
    [owner, admin, member, disabled, outsider] = await Promise.all([
      newUser('st-owner'),
      newUser('st-admin'),
      newUser('st-member'),
      newUser('st-disabled'),
      newUser('st-outsider'),
    ]);
    await Promise.all([owner, admin, member, disabled, outsider].map(profileReady));
    companyId = (await createCompany(owner, 'Stats Co')).id;
    await addMember(owner, companyId, admin, 'admin');
    await addMember(owner, companyId, member, 'member');
    await addMember(owner, companyId, disabled, 'member');
    await client.patch(
      `/api/v1/companies/${companyId}/members/${disabled.userId}`,
      { status: 'disabled' },
      owner.accessToken,
    );
  });

  it('counts members by role and status, and seats used', async () => {
    const res = await client.get(url(), admin.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      companyId,
      members: { total: 4, active: 3, disabled: 1, byRole: { owner: 1, admin: 1, member: 2 } },
      twoFactor: { enabled: 0, disabled: 3, adoption: 0 },
      seats: expect.objectContaining({ used: 3 }),
    });
  });

  it('follows 2FA adoption from auth’s events (active members only)', async () => {
    await enableTotp(member.accessToken);
    await enableTotp(disabled.accessToken);
    const stats = await eventually(async () => {
      const r = await client.get(url(), owner.accessToken);
      return r.body.twoFactor.enabled === 1 ? r.body : null;
    });
    expect(stats.twoFactor).toEqual({ enabled: 1, disabled: 2, adoption: 0.333 });
  });

  it('shows seats purchased from billing’s subscription events', async () => {
    await billingPublishesSubscription(companyId, 5, 10);
    const stats = await eventually(async () => {
      const r = await client.get(url(), owner.accessToken);
      return r.body.seats.purchased === 5 ? r.body : null;
    });
    expect(stats.seats).toEqual({ used: 3, purchased: 5, cap: 10, subscriptionStatus: 'active' });
  });

  it('403 for a plain member, 404 for another company’s member or a missing company, 401 anonymous', async () => {
    expectProblem(await client.get(url(), member.accessToken), 403, 'FORBIDDEN');
    expectProblem(await client.get(url(), disabled.accessToken), 403, 'FORBIDDEN');
    await createCompany(outsider, 'Elsewhere');
    expectProblem(await client.get(url(), outsider.accessToken), 404, 'NOT_FOUND');
    expectProblem(await client.get(url(randomUUID()), owner.accessToken), 404, 'NOT_FOUND');
    expectProblem(await client.get(url()), 401);
  });

  it('serves a provider administrator (via the provider) and refuses one of another provider', async () => {
    const [mspAdmin, otherAdmin] = await Promise.all([newUser('st-msp'), newUser('st-msp2')]);
    const provider = (await client.post('/api/v1/providers', { name: 'Stats MSP' }, mspAdmin.accessToken))
      .body;
    await client.post('/api/v1/providers', { name: 'Other Stats MSP' }, otherAdmin.accessToken);
    const customer = (
      await client.post(
        `/api/v1/providers/${provider.id}/customers`,
        { name: 'Counted' },
        mspAdmin.accessToken,
      )
    ).body;
    const res = await client.get(url(customer.id), mspAdmin.accessToken);
    expect(res.body.members).toEqual({
      total: 0,
      active: 0,
      disabled: 0,
      byRole: { owner: 0, admin: 0, member: 0 },
    });
    expectProblem(await client.get(url(customer.id), otherAdmin.accessToken), 404);
  });
});
