import { connect, JSONCodec, NatsConnection } from 'nats';
import { loadConfig, NatsConfig } from '@roster/config';
import { AppError, GetCompany } from '@roster/contracts';
import { newRunId } from '@roster/testing';
import { BusClient, NatsConnectionService, prefixed } from '../src';

/** The gateway's view of request/reply, against a real NATS server and hand-made responders. */
describe('BusClient (real NATS)', () => {
  const runId = newRunId('b');
  const codec = JSONCodec();
  let nats: NatsConnectionService;
  let bus: BusClient;
  let responder: NatsConnection;
  const meta = {
    requestId: 'req-12345678',
    actor: { type: 'user' as const, id: '00000000-0000-4000-8000-000000000001' },
  };
  const payload = { companyId: '00000000-0000-4000-8000-000000000002' };

  beforeAll(async () => {
    process.env.NATS_PREFIX = runId;
    const config = loadConfig(NatsConfig, { ...process.env, RPC_TIMEOUT_MS: '300' });
    nats = new NatsConnectionService(config);
    nats.onModuleInit();
    await nats.get();
    bus = new BusClient(nats, config);
    responder = await connect({ servers: process.env.NATS_URL });
  });

  afterAll(async () => {
    await responder?.close();
    await nats?.onApplicationShutdown();
    delete process.env.NATS_PREFIX;
  });

  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: unknown) => (error instanceof AppError ? `${error.code} ${error.status}` : String(error)),
    );

  it('answers 503 at once when no service listens', async () => {
    const started = Date.now();
    expect(await codeOf(bus.request(GetCompany, payload, meta))).toBe('SERVICE_UNAVAILABLE 503');
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('answers 504 when the service does not reply within RPC_TIMEOUT_MS', async () => {
    const sub = responder.subscribe(prefixed(GetCompany.subject), { callback: () => undefined });
    await responder.flush();
    expect(await codeOf(bus.request(GetCompany, payload, meta))).toBe('UPSTREAM_TIMEOUT 504');
    sub.unsubscribe();
  });

  it('returns the response, sends the request id and actor as headers, and rebuilds coded errors', async () => {
    let seen: { requestId?: string; actor?: string; data?: unknown } = {};
    const sub = responder.subscribe(prefixed(GetCompany.subject), {
      callback: (_err, msg) => {
        const packet = codec.decode(msg.data) as { id: string; data: { companyId: string } };
        seen = {
          requestId: msg.headers?.get('x-request-id'),
          actor: msg.headers?.get('x-actor'),
          data: packet.data,
        };
        const body =
          packet.data.companyId === payload.companyId
            ? { id: packet.id, response: { id: packet.data.companyId, name: 'Acme' }, isDisposed: true }
            : {
                id: packet.id,
                err: { code: 'NOT_FOUND', status: 404, title: 'Not found', detail: 'Company not found' },
                isDisposed: true,
              };
        msg.respond(codec.encode(body));
      },
    });
    await responder.flush();
    expect(await bus.request(GetCompany, payload, meta)).toEqual({ id: payload.companyId, name: 'Acme' });
    expect(seen).toEqual({ requestId: 'req-12345678', actor: JSON.stringify(meta.actor), data: payload });
    const other = { companyId: '00000000-0000-4000-8000-000000000003' };
    expect(await codeOf(bus.request(GetCompany, other, meta))).toBe('NOT_FOUND 404');
    sub.unsubscribe();
  });
});
