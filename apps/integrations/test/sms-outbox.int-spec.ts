import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { postgresOptions, runMigrations } from '@roster/persistence';
import { createTestDatabase, dropDatabases, newRunId } from '@roster/testing';
import { IntegrationsConfig } from '../src/config/integrations.config';
import { integrationsDatabase } from '../src/database/data-source';
import { SMS_NOT_CONFIGURED, TwilioSmsSender, twilioSettings } from '../src/sms/sms-sender';
import { SmsService } from '../src/sms/sms.service';
import { SmsWorker } from '../src/sms/sms-worker';

/** The SMS outbox and worker against real Postgres and a local HTTP server in Twilio's shape. */
describe('SMS outbox (real Postgres)', () => {
  const prefix = `roster_${newRunId('t')}`;
  let dataSource: DataSource;
  let server: Server;
  /** Status codes the stand-in answers next (then 201). */
  const script: number[] = [];
  const received: Array<{ auth?: string; form: Record<string, string> }> = [];
  let config: IntegrationsConfig;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        received.push({
          auth: req.headers.authorization,
          form: Object.fromEntries(new URLSearchParams(raw)),
        });
        const status = script.shift() ?? 201;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status === 201
              ? { sid: `SM${received.length}`, status: 'queued' }
              : { code: status === 400 ? 21211 : 20500, message: `answer ${status}`, status },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    config = Object.assign(new IntegrationsConfig(), {
      SMS_TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      SMS_TWILIO_AUTH_TOKEN: 'tok',
      SMS_FROM: '+15005550006',
      SMS_TWILIO_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      SMS_RETRY_BASE_SECONDS: 1,
      SMS_MAX_ATTEMPTS: 3,
    });
    const url = await createTestDatabase(`${prefix}_integrations`);
    const options = postgresOptions(url, integrationsDatabase);
    await runMigrations(options);
    dataSource = await new DataSource(options).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabases(prefix);
    await new Promise((resolve) => server.close(resolve));
  });

  const queue = (
    service: SmsService,
    to: string,
    eventId = randomUUID(),
    expiresAt = '2100-01-01T00:00:00Z',
  ) =>
    dataSource.transaction((m) =>
      service.enqueue(m, {
        kind: 'verification_code',
        sourceEventId: eventId,
        companyId: null,
        userId: randomUUID(),
        to,
        body: 'Roster: your verification code is 123456.',
        expiresAt,
      }),
    );
  const rowOf = async (to: string) =>
    dataSource.query<Array<Record<string, unknown>>>(`SELECT * FROM sms_outbox WHERE recipient = $1`, [to]);
  const worker = () => new SmsWorker(dataSource, config, new TwilioSmsSender(twilioSettings(config)!));
  const due = (to: string) =>
    dataSource.query(`UPDATE sms_outbox SET next_attempt_at = now() WHERE recipient = $1`, [to]);

  it('queues once per source event and sends with the Twilio form', async () => {
    const service = new SmsService(config);
    const eventId = randomUUID();
    await queue(service, '+32470000001', eventId);
    await queue(service, '+32470000001', eventId); // redelivery
    expect(await rowOf('+32470000001')).toHaveLength(1);
    await worker().drain();
    const [row] = await rowOf('+32470000001');
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      body: null,
      provider_message_id: expect.stringMatching(/^SM/),
    });
    expect(received.at(-1)).toEqual({
      auth: `Basic ${Buffer.from('AC0123456789abcdef0123456789abcdef:tok').toString('base64')}`,
      form: { To: '+32470000001', From: '+15005550006', Body: 'Roster: your verification code is 123456.' },
    });
  });

  it('retries a 500 after the backoff, then sends', async () => {
    await queue(new SmsService(config), '+32470000002');
    script.push(500);
    await worker().drain();
    let [row] = await rowOf('+32470000002');
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'Twilio 500 (code 20500): answer 500',
    });
    expect(row.body).not.toBeNull();
    await worker().drain(); // not due yet
    expect((await rowOf('+32470000002'))[0].attempts).toBe(1);
    await due('+32470000002');
    await worker().drain();
    [row] = await rowOf('+32470000002');
    expect(row).toMatchObject({ status: 'sent', attempts: 2, body: null, last_error: null });
  });

  it('fails a 400 (21211) at once and gives up after SMS_MAX_ATTEMPTS of 503', async () => {
    await queue(new SmsService(config), '+32470000003');
    script.push(400);
    await worker().drain();
    expect((await rowOf('+32470000003'))[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      body: null,
      last_error: 'Twilio 400 (code 21211): answer 400',
    });

    await queue(new SmsService(config), '+32470000004');
    script.push(503, 503, 503);
    for (let i = 0; i < 3; i++) {
      await due('+32470000004');
      await worker().drain();
    }
    expect((await rowOf('+32470000004'))[0]).toMatchObject({ status: 'failed', attempts: 3, body: null });
  });

  it('does not send an expired code', async () => {
    await queue(new SmsService(config), '+32470000005', randomUUID(), '2000-01-01T00:00:00Z');
    const before = received.length;
    await worker().drain();
    expect(received.length).toBe(before);
    expect((await rowOf('+32470000005'))[0]).toMatchObject({ status: 'failed', body: null });
  });

  it('without SMS configured, records the message as failed with the reason and no body', async () => {
    await queue(new SmsService(new IntegrationsConfig()), '+32470000006');
    expect((await rowOf('+32470000006'))[0]).toMatchObject({
      status: 'failed',
      body: null,
      last_error: SMS_NOT_CONFIGURED,
      attempts: 0,
    });
  });
});
