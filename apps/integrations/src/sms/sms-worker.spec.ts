import type { DataSource, EntityManager } from 'typeorm';
import { IntegrationsConfig } from '../config/integrations.config';
import { SMS_NOT_CONFIGURED, SmsMessage, SmsSendError, SmsSender } from './sms-sender';
import { SmsService } from './sms.service';
import { SmsWorker } from './sms-worker';

const SID = 'AC0123456789abcdef0123456789abcdef';
const configured = () =>
  Object.assign(new IntegrationsConfig(), {
    SMS_TWILIO_ACCOUNT_SID: SID,
    SMS_TWILIO_AUTH_TOKEN: 'token',
    SMS_FROM: '+15005550006',
    SMS_MAX_ATTEMPTS: 3,
  });

/** Records every query; the claim returns the given rows once. */
function fakeDb(rows: unknown[]) {
  const queries: Array<{ sql: string; params: unknown[] }> = [];
  let claimed = false;
  const query = async (sql: string, params: unknown[] = []) => {
    queries.push({ sql, params });
    if (sql.includes('RETURNING') && sql.includes('locked_until = now()')) {
      const batch = claimed ? [] : rows;
      claimed = true;
      return [batch, batch.length];
    }
    return [[], 1];
  };
  return { queries, db: { query } as unknown as DataSource };
}

class ScriptedSender extends SmsSender {
  readonly sent: SmsMessage[] = [];
  constructor(private readonly outcome: () => Promise<void>) {
    super();
  }
  async send(message: SmsMessage) {
    this.sent.push(message);
    await this.outcome();
    return { providerMessageId: 'SM1', status: 'queued' };
  }
}

const row = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  kind: 'verification_code',
  recipient: '+32470123456',
  body: 'Roster: your verification code is 123456.',
  attempts: 0,
  expired: false,
  ...over,
});

const lastUpdate = (queries: Array<{ sql: string; params: unknown[] }>) => queries[queries.length - 1];

describe('SmsWorker', () => {
  it('marks a sent message sent, keeps the sid and erases the body', async () => {
    const { db, queries } = fakeDb([row()]);
    const sender = new ScriptedSender(async () => undefined);
    await new SmsWorker(db, configured(), sender).drain();
    expect(sender.sent).toEqual([{ to: '+32470123456', body: 'Roster: your verification code is 123456.' }]);
    const update = lastUpdate(queries);
    expect(update.sql).toMatch(/status = 'sent'[\s\S]*body = NULL[\s\S]*provider_message_id = \$3/);
    expect(update.params).toEqual(['r1', 1, 'SM1']);
  });

  it('keeps a retryable failure pending with the backoff', async () => {
    const { db, queries } = fakeDb([row({ attempts: 1 })]);
    const sender = new ScriptedSender(async () => {
      throw new SmsSendError('Twilio 503 (code 20503): down', true, 503, 20503);
    });
    await new SmsWorker(db, configured(), sender).drain();
    expect(lastUpdate(queries).params).toEqual(['r1', 2, 'Twilio 503 (code 20503): down', false, 20]);
  });

  it('gives up a retryable failure at SMS_MAX_ATTEMPTS', async () => {
    const { db, queries } = fakeDb([row({ attempts: 2 })]);
    const sender = new ScriptedSender(async () => {
      throw new SmsSendError('Twilio timed out after 10000 ms', true);
    });
    await new SmsWorker(db, configured(), sender).drain();
    expect(lastUpdate(queries).params.slice(0, 4)).toEqual([
      'r1',
      3,
      'Twilio timed out after 10000 ms',
      true,
    ]);
  });

  it('fails a permanent refusal at once', async () => {
    const { db, queries } = fakeDb([row()]);
    const sender = new ScriptedSender(async () => {
      throw new SmsSendError('Twilio 400 (code 21211): not a valid phone number', false, 400, 21211);
    });
    await new SmsWorker(db, configured(), sender).drain();
    const update = lastUpdate(queries);
    expect(update.sql).toMatch(/body = CASE WHEN \$4 THEN NULL/);
    expect(update.params.slice(0, 4)).toEqual([
      'r1',
      1,
      'Twilio 400 (code 21211): not a valid phone number',
      true,
    ]);
  });

  it('does not send a code that expired while waiting', async () => {
    const { db, queries } = fakeDb([row({ expired: true, attempts: 3 })]);
    const sender = new ScriptedSender(async () => undefined);
    await new SmsWorker(db, configured(), sender).drain();
    expect(sender.sent).toEqual([]);
    expect(lastUpdate(queries).sql).toMatch(
      /status = 'failed', body = NULL[\s\S]*expired before it could be sent/,
    );
  });
});

describe('SmsService', () => {
  const manager = () => {
    const calls: unknown[][] = [];
    return {
      calls,
      m: {
        query: async (_sql: string, params: unknown[]) => {
          calls.push(params);
          return [{ id: params[0] }];
        },
      } as unknown as EntityManager,
    };
  };
  const queued = {
    kind: 'verification_code',
    sourceEventId: 'e1',
    companyId: null,
    userId: 'u1',
    to: '+32470123456',
    body: 'code 123456',
    expiresAt: '2030-01-01T00:00:00.000Z',
  };

  it('queues a pending message when SMS is configured', async () => {
    const { m, calls } = manager();
    await new SmsService(configured()).enqueue(m, queued);
    expect(calls[0]).toEqual([
      expect.any(String),
      'verification_code',
      'e1',
      null,
      'u1',
      '+32470123456',
      'code 123456',
      'pending',
      null,
      '2030-01-01T00:00:00.000Z',
    ]);
  });

  it('records it as failed, without the code, when SMS is not configured', async () => {
    const { m, calls } = manager();
    await new SmsService(new IntegrationsConfig()).enqueue(m, queued);
    expect(calls[0].slice(6, 9)).toEqual([null, 'failed', SMS_NOT_CONFIGURED]);
  });
});
