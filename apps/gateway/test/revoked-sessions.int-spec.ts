import { Test, TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { ConfigModule, loadConfig, ServiceConfig } from '@roster/config';
import {
  ApiTokenRevoked,
  EventEnvelope,
  SessionsRevoked,
  SessionsRevokedData,
  UserDisabled,
} from '@roster/contracts';
import { MessagingModule, prefixed, StreamsService } from '@roster/messaging';
import { deleteStreams, eventually, newRunId } from '@roster/testing';
import { DENY_SECONDS, RevokedSessions } from '../src/authentication/revoked-sessions';

/** The gateway's deny list against a real NATS: live revocations, and the rebuild after a restart. */
describe('RevokedSessions (real NATS)', () => {
  const runId = newRunId('rv');
  const codec = JSONCodec<EventEnvelope<unknown>>();
  const started: TestingModule[] = [];
  let nc: NatsConnection;

  const start = async (): Promise<RevokedSessions> => {
    const config = loadConfig(ServiceConfig, process.env);
    const module = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot([[ServiceConfig, config]]),
        MessagingModule.forRoot({ context: 'gateway', events: false }),
      ],
      providers: [RevokedSessions],
    }).compile();
    await module.init();
    started.push(module);
    return module.get(RevokedSessions);
  };

  /** What auth's outbox relay would publish. */
  const publishEvent = async (subject: string, data: unknown, at = new Date()) => {
    await nc.jetstream().publish(
      prefixed(subject),
      codec.encode({
        eventId: randomUUID(),
        type: subject,
        version: 1,
        occurredAt: at.toISOString(),
        tenantId: null,
        actor: { type: 'service', id: 'test' },
        correlationId: null,
        causationId: null,
        data,
      }),
    );
  };
  const publish = (sessionIds: string[], revokedAt = new Date()) =>
    publishEvent(
      SessionsRevoked.subject,
      {
        userId: randomUUID(),
        sessionIds,
        reason: 'logout',
        revokedAt: revokedAt.toISOString(),
      } satisfies SessionsRevokedData,
      revokedAt,
    );

  beforeAll(async () => {
    process.env.NATS_PREFIX = runId;
    nc = await connect({ servers: process.env.NATS_URL });
  });

  afterAll(async () => {
    for (const module of started) await module.close();
    await nc?.close();
    await deleteStreams(runId);
    delete process.env.NATS_PREFIX;
  });

  it('is ready at once on an empty stream, then denies sessions revoked while it runs', async () => {
    const revoked = await start();
    await eventually(async () => revoked.ready);
    const id = randomUUID();
    expect(revoked.isRevoked(id)).toBe(false);
    await publish([id]);
    await eventually(async () => revoked.isRevoked(id));
    expect(revoked.isRevoked(randomUUID())).toBe(false);
  });

  it('rebuilds the deny list at start from recent revocations, skipping ones whose tokens have expired', async () => {
    // The stream exists now (the first test created it).
    await started[0].get(StreamsService).ensure('auth');
    const [recentA, recentB, old] = [randomUUID(), randomUUID(), randomUUID()];
    await publish([recentA, recentB]);
    await publish([old], new Date(Date.now() - (DENY_SECONDS + 5) * 1000));
    const restarted = await start();
    await eventually(async () => restarted.ready);
    expect(restarted.isRevoked(recentA)).toBe(true);
    expect(restarted.isRevoked(recentB)).toBe(true);
    expect(restarted.isRevoked(old)).toBe(false);
  });

  it('follows API-token revocations and account disables: checks made before them no longer stand', async () => {
    const revoked = started[0].get(RevokedSessions);
    const [tokenId, userId, otherToken] = [randomUUID(), randomUUID(), randomUUID()];
    const checkedAt = Date.now();
    await publishEvent(ApiTokenRevoked.subject, {
      tokenId,
      userId: randomUUID(),
      reason: 'deactivated',
      revokedAt: new Date().toISOString(),
    });
    await publishEvent(UserDisabled.subject, { userId, at: new Date().toISOString() });
    await eventually(async () => revoked.apiTokenRevokedSince(tokenId, randomUUID(), checkedAt));
    await eventually(async () => revoked.apiTokenRevokedSince(otherToken, userId, checkedAt));
    expect(revoked.apiTokenRevokedSince(otherToken, randomUUID(), checkedAt)).toBe(false);
    // A check made after this replica learned of the revocation (a reactivated token) stands.
    expect(revoked.apiTokenRevokedSince(tokenId, randomUUID(), Date.now() + 1)).toBe(false);
  });

  it('forgets an entry once no access token of that session can still be valid', () => {
    const list = new RevokedSessions(undefined as never, undefined as never);
    const id = randomUUID();
    const revokedAt = new Date();
    list.apply({ sessionIds: [id], revokedAt: revokedAt.toISOString() });
    expect(list.isRevoked(id, revokedAt.getTime() + (DENY_SECONDS - 1) * 1000)).toBe(true);
    expect(list.isRevoked(id, revokedAt.getTime() + (DENY_SECONDS + 1) * 1000)).toBe(false);
    expect(list.size).toBe(0);
  });
});
