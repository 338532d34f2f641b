import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { eventually } from '@roster/testing';
import { newProfiledUser } from './people-support';
import { api, expectProblem, platform, SignedUpUser } from './support';
import type { StandinAttempt, StandinSms } from './twilio-standin';

/**
 * Phone verification codes leave by SMS: integrations queues them in `sms_outbox` and sends them to the
 * Twilio stand-in that global setup runs (SMS_TWILIO_BASE_URL); the tests read the codes from the messages.
 */
describe('SMS: phone verification codes through Twilio', () => {
  const client = api();
  const twilio = () => `http://127.0.0.1:${platform().twilioPort}`;
  let integrationsDb: Client;
  let user: SignedUpUser;
  /** Every code read from an SMS: none may appear in integrations' log. */
  const codes: string[] = [];

  beforeAll(async () => {
    integrationsDb = new Client({ connectionString: platform().env.integrations.DATABASE_URL });
    await integrationsDb.connect();
    user = await newProfiledUser('sms');
  });
  afterAll(async () => {
    await integrationsDb.end();
  });

  /** A number no other spec uses (the stand-in's records and scripts are per number). */
  const newNumber = () => `+1555${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  const messagesTo = async (to: string): Promise<StandinSms[]> =>
    (await fetch(`${twilio()}/_test/messages?to=${encodeURIComponent(to)}`)).json() as Promise<StandinSms[]>;
  const attemptsTo = async (to: string): Promise<StandinAttempt[]> =>
    (await fetch(`${twilio()}/_test/attempts?to=${encodeURIComponent(to)}`)).json() as Promise<
      StandinAttempt[]
    >;
  const failNext = async (to: string, status: number, code: number, times = 1) => {
    const res = await fetch(`${twilio()}/_test/failures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to, status, code, message: `Scripted ${status}`, times }),
    });
    expect(res.status).toBe(204);
  };
  /** The code in the n-th SMS to the number (waits for it). */
  const codeIn = async (to: string, n = 1): Promise<string> => {
    const messages = await eventually(
      async () => {
        const list = await messagesTo(to);
        return list.length >= n ? list : undefined;
      },
      { timeoutMs: 20_000 },
    );
    const match = /verification code is (\d{6})\b/.exec(messages[n - 1].body);
    if (!match) throw new Error(`no code in ${JSON.stringify(messages[n - 1].body)}`);
    codes.push(match[1]);
    return match[1];
  };
  const outboxRow = async (to: string) =>
    (
      await integrationsDb.query(
        `SELECT status, attempts, body, last_error, provider_message_id, user_id FROM sms_outbox WHERE recipient = $1`,
        [to],
      )
    ).rows;

  it('adding a phone number sends a code by SMS; the right code validates it (200), a wrong one is 422', async () => {
    const number = newNumber();
    const added = await client.post(
      '/api/v1/me/phones',
      { label: 'mobile', value: number },
      user.accessToken,
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'phone', label: 'mobile', verified: false });

    const code = await codeIn(number);
    const [sms] = await messagesTo(number);
    expect(sms).toMatchObject({ from: '+15005550006', sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    expect(sms.body).toMatch(/^Roster: your verification code is \d{6}\. It expires at \d\d:\d\d UTC\./);
    expect(sms.body.length).toBeLessThanOrEqual(160);

    const wrong = code === '000000' ? '111111' : '000000';
    expectProblem(
      await client.post('/api/v1/me/phones/mobile/verify', { code: wrong }, user.accessToken),
      422,
      'UNPROCESSABLE',
    );
    const ok = await client.post('/api/v1/me/phones/mobile/verify', { code }, user.accessToken);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ label: 'mobile', verified: true, verifiedAt: expect.any(String) });

    // Sent once, recorded with Twilio's sid, the code erased from the outbox.
    const rows = await eventually(async () => {
      const r = await outboxRow(number);
      return r[0]?.status === 'sent' ? r : undefined;
    });
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'sent',
        attempts: 1,
        body: null,
        provider_message_id: sms.sid,
        user_id: user.userId,
      }),
    ]);
  });

  it('a Twilio outage (503, then 500) is retried with backoff and the code still arrives', async () => {
    const number = newNumber();
    await failNext(number, 503, 20503);
    await failNext(number, 500, 20500);
    expect(
      (await client.post('/api/v1/me/phones', { label: 'retry', value: number }, user.accessToken)).status,
    ).toBe(201);
    const code = await codeIn(number);
    expect((await attemptsTo(number)).map((a) => a.status)).toEqual([503, 500, 201]);
    const [first, second, third] = (await attemptsTo(number)).map((a) => Date.parse(a.at));
    // SMS_RETRY_BASE_SECONDS=1 in e2e: about 1 s, then about 2 s.
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(third - second).toBeGreaterThanOrEqual(1900);
    expect((await client.post('/api/v1/me/phones/retry/verify', { code }, user.accessToken)).status).toBe(
      200,
    );
    const [row] = await eventually(async () => {
      const r = await outboxRow(number);
      return r[0]?.status === 'sent' ? r : undefined;
    });
    expect(row).toMatchObject({ attempts: 3, body: null });
  });

  it('a refusal that cannot succeed (400, code 21211) fails at once with the reason; a new code can be sent', async () => {
    const number = newNumber();
    await failNext(number, 400, 21211);
    expect(
      (await client.post('/api/v1/me/phones', { label: 'bad', value: number }, user.accessToken)).status,
    ).toBe(201);
    const [row] = await eventually(async () => {
      const r = await outboxRow(number);
      return r[0]?.status === 'failed' ? r : undefined;
    });
    expect(row).toMatchObject({ attempts: 1, body: null, provider_message_id: null });
    expect(row.last_error).toMatch(/^Twilio 400 \(code 21211\): Scripted 400/);
    // No retry follows.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await attemptsTo(number)).map((a) => a.status)).toEqual([400]);
    expect(await messagesTo(number)).toEqual([]);

    // Asking again sends a fresh code (a new event, a new outbox row).
    expect((await client.post('/api/v1/me/phones/bad/send-code', undefined, user.accessToken)).status).toBe(
      202,
    );
    const code = await codeIn(number);
    expect((await client.post('/api/v1/me/phones/bad/verify', { code }, user.accessToken)).status).toBe(200);
  });

  it('neither the codes nor the auth token reach the log', () => {
    const log = readFileSync(`${platform().logDir}/integrations.log`, 'utf8');
    expect(log).toMatch(/Sent verification_code SMS/);
    expect(codes.length).toBeGreaterThanOrEqual(3);
    for (const code of codes) expect(log).not.toMatch(new RegExp(`\\b${code}\\b`));
    expect(log).not.toContain(platform().env.integrations.SMS_TWILIO_AUTH_TOKEN);
  });
});
