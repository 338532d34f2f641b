import { randomUUID } from 'node:crypto';
import { connect, headers, JSONCodec, NatsConnection } from 'nats';
import { Client } from 'pg';
import { HEADER_ACTOR, HEADER_REQUEST_ID } from '@roster/contracts';
import type { EventContract, EventEnvelope } from '@roster/contracts';
import { eventually } from '@roster/testing';
import { api, platform, SignedUpUser } from './support';

/**
 * Publishes an event envelope straight to JetStream, as its owning context would through its outbox.
 *
 * WHY: billing (SubscriptionUpdated, InvoiceFinalized, PaymentFailed) and parts of auth (AccountLocked)
 * are built in parallel by other helpers, so these e2e tests stand in for the producer. The subject gets
 * this run's NATS prefix (the apps run with NATS_PREFIX = the run id, see libs/messaging/src/subjects.ts
 * and global-setup), and the event id doubles as `Nats-Msg-Id`, like the outbox relay does. The owning
 * stream exists because integrations' durable consumers ensure it on start.
 */
let nc: NatsConnection | undefined;
export async function publishEvent<D>(
  contract: EventContract<D>,
  data: D,
  tenantId: string | null,
): Promise<string> {
  const env = platform().env.integrations ?? {};
  nc ??= await connect({ servers: env.NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const prefix = env.NATS_PREFIX ?? platform().runId;
  const envelope: EventEnvelope<D> = {
    eventId: randomUUID(),
    type: contract.subject,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    tenantId,
    actor: { type: 'service', id: null },
    correlationId: null,
    causationId: null,
    data,
  };
  await nc.jetstream().publish(`${prefix}.${contract.subject}`, JSONCodec().encode(envelope), {
    msgID: envelope.eventId,
  });
  return envelope.eventId;
}

export async function closeNats(): Promise<void> {
  await nc?.drain();
  nc = undefined;
}

/** Creates a company and waits until integrations has opened its tenant (from CompanyCreated). */
export async function companyKnownToIntegrations(owner: SignedUpUser, name: string): Promise<string> {
  const client = api();
  const created = await client.post('/api/v1/companies', { name }, owner.accessToken);
  if (created.status !== 201) throw new Error(`company create failed: ${created.status}`);
  const id: string = created.body.id;
  await eventually(async () => {
    const r = await client.get(`/api/v1/companies/${id}/integrations/tenant`, owner.accessToken);
    return r.status === 200;
  });
  return id;
}

export function subscriptionUpdated(companyId: string, quantity: number) {
  const now = new Date();
  return {
    companyId,
    subscriptionId: randomUUID(),
    planId: 'per-seat',
    status: 'active' as const,
    previousStatus: 'active' as const,
    quantity,
    seatCap: null,
    currentPeriodStart: now.toISOString(),
    currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    cancelAtPeriodEnd: false,
    updatedAt: now.toISOString(),
  };
}

export function paymentFailed(companyId: string) {
  return {
    invoiceId: randomUUID(),
    companyId,
    amountMinor: 12_900,
    currency: 'EUR',
    reason: 'card_declined',
    attempt: 1,
    nextRetryAt: null,
  };
}

/**
 * Calls an integrations RPC over NATS as an internal service actor (recipes call OpenPsaTicket this way),
 * in the Nest packet format BusClient uses. Returns the reply: `{response}` or `{err}`.
 */
export async function serviceRpc(subject: string, data: unknown): Promise<{ response?: any; err?: any }> {
  const env = platform().env.integrations ?? {};
  nc ??= await connect({ servers: env.NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const pattern = `${env.NATS_PREFIX ?? platform().runId}.${subject}`;
  const h = headers();
  h.set(HEADER_REQUEST_ID, randomUUID());
  h.set(HEADER_ACTOR, JSON.stringify({ type: 'service', id: null }));
  const msg = await nc.request(pattern, JSONCodec().encode({ pattern, data, id: randomUUID() }), {
    timeout: 15_000,
    headers: h,
  });
  return JSONCodec<{ response?: any; err?: any }>().decode(msg.data);
}

/** Whether integrations has consumed (and committed) an event: its consumer ledger has the id. */
export async function integrationsConsumed(eventId: string): Promise<boolean> {
  const db = new Client({ connectionString: platform().env.integrations.DATABASE_URL });
  await db.connect();
  try {
    const { rowCount } = await db.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId]);
    return (rowCount ?? 0) > 0;
  } finally {
    await db.end();
  }
}
