import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
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
