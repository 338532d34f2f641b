import { ConfigError, loadConfig } from '@roster/config';
import { IntegrationsConfig } from '../config/integrations.config';
import { SmsSendError, TwilioSmsSender, twilioSettings } from './sms-sender';
import { maskNumber } from './sms-worker';
import { verificationCodeSms } from './templates';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'super-secret-auth-token';

function sender(
  answer: (url: string, init: RequestInit) => Promise<Response>,
  overrides: Partial<ConstructorParameters<typeof TwilioSmsSender>[0]> = {},
) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer(url, init);
  }) as unknown as typeof fetch;
  const s = new TwilioSmsSender(
    {
      accountSid: SID,
      authToken: TOKEN,
      from: '+15005550006',
      baseUrl: 'http://twilio.test/',
      timeoutMs: 1234,
      ...overrides,
    },
    fetchImpl,
  );
  return { s, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(promise: Promise<unknown>): Promise<SmsSendError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsSendError);
  return error as SmsSendError;
}

describe('TwilioSmsSender', () => {
  it('posts the form to the account Messages resource with Basic auth and a timeout', async () => {
    const { s, calls } = sender(async () => json(201, { sid: 'SM123', status: 'queued' }));
    await expect(s.send({ to: '+32470123456', body: 'Acme: your code is 123456.' })).resolves.toEqual({
      providerMessageId: 'SM123',
      status: 'queued',
    });
    expect(calls).toHaveLength(1);
    const { url, init } = calls[0];
    expect(url).toBe(`http://twilio.test/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(init.method).toBe('POST');
    const headers = init.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(init.body as string);
    expect(Object.fromEntries(form)).toEqual({
      To: '+32470123456',
      From: '+15005550006',
      Body: 'Acme: your code is 123456.',
    });
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('uses MessagingServiceSid instead of From when configured', async () => {
    const { s, calls } = sender(async () => json(201, { sid: 'SM1', status: 'accepted' }), {
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
    });
    await s.send({ to: '+15551234567', body: 'x' });
    const form = new URLSearchParams(calls[0].init.body as string);
    expect(form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
    expect(form.has('From')).toBe(false);
  });

  it('maps an invalid number (400, code 21211) to a permanent failure with the reason', async () => {
    const { s } = sender(async () =>
      json(400, {
        code: 21211,
        message: "The 'To' number +1555 is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      }),
    );
    const error = await failure(s.send({ to: '+1555', body: 'x' }));
    expect(error).toMatchObject({ retryable: false, httpStatus: 400, providerCode: 21211 });
    expect(error.message).toBe("Twilio 400 (code 21211): The 'To' number +1555 is not a valid phone number.");
  });

  it('treats bad credentials (401) as permanent and never puts the token in the message', async () => {
    const { s } = sender(async () => json(401, { code: 20003, message: 'Authenticate', status: 401 }));
    const error = await failure(s.send({ to: '+15551234567', body: 'x' }));
    expect(error).toMatchObject({ retryable: false, httpStatus: 401, providerCode: 20003 });
    expect(error.message).not.toContain(TOKEN);
  });

  it.each([429, 500, 503])('retries on %i', async (status) => {
    const { s } = sender(async () => json(status, { code: 20500, message: 'Internal Server Error', status }));
    expect(await failure(s.send({ to: '+15551234567', body: 'x' }))).toMatchObject({
      retryable: true,
      httpStatus: status,
    });
  });

  it('retries on a non-JSON gateway error, a network error and a timeout', async () => {
    const html = sender(async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const e502 = await failure(html.s.send({ to: '+15551234567', body: 'x' }));
    expect(e502).toMatchObject({ retryable: true, httpStatus: 502, providerCode: null });

    const down = sender(async () => {
      throw new TypeError('fetch failed');
    });
    expect(await failure(down.s.send({ to: '+15551234567', body: 'x' }))).toMatchObject({
      retryable: true,
      message: 'Twilio network error: fetch failed',
    });

    const slow = sender(async () => {
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    });
    expect(await failure(slow.s.send({ to: '+15551234567', body: 'x' }))).toMatchObject({
      retryable: true,
      message: 'Twilio timed out after 1234 ms',
    });
  });

  it('aborts a hung request after the timeout', async () => {
    const { s } = sender(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)),
        ),
      { timeoutMs: 50 },
    );
    expect(await failure(s.send({ to: '+15551234567', body: 'x' }))).toMatchObject({
      retryable: true,
      message: 'Twilio timed out after 50 ms',
    });
  });

  it('a 201 without a sid is a retryable failure', async () => {
    const { s } = sender(async () => json(201, {}));
    expect(await failure(s.send({ to: '+15551234567', body: 'x' }))).toMatchObject({ retryable: true });
  });
});

describe('SMS settings, backoff and text', () => {
  const config = (env: Partial<IntegrationsConfig>) => Object.assign(new IntegrationsConfig(), env);

  it('is configured only with an account, a token and a sender', () => {
    expect(twilioSettings(config({}))).toBeNull();
    expect(twilioSettings(config({ SMS_TWILIO_ACCOUNT_SID: SID, SMS_TWILIO_AUTH_TOKEN: TOKEN }))).toBeNull();
    expect(
      twilioSettings(
        config({ SMS_TWILIO_ACCOUNT_SID: SID, SMS_TWILIO_AUTH_TOKEN: TOKEN, SMS_FROM: '+15005550006' }),
      ),
    ).toMatchObject({ accountSid: SID, baseUrl: 'https://api.twilio.com', timeoutMs: 10_000 });
  });

  it('masks numbers in logs', () => {
    expect(maskNumber('+32470123456')).toBe('…3456');
  });

  it('names the company and the expiry in one short text', () => {
    const text = verificationCodeSms(
      { name: 'Acme\nCorp', primaryColor: null, logoUrl: null },
      { code: '123456', expiresAt: '2026-01-02T10:15:00.000Z' },
    );
    expect(text).toBe(
      'Acme Corp: your verification code is 123456. It expires at 10:15 UTC. Ignore this if you did not add this number.',
    );
    expect(text.length).toBeLessThanOrEqual(160);
    expect(
      verificationCodeSms({ name: null, primaryColor: null, logoUrl: null }, { code: '1', expiresAt: 'x' }),
    ).toMatch(/^Roster: /);
  });

  it('validates the SMS variables at start', () => {
    const base = {
      DATABASE_URL: 'postgres://x/y',
      INTEGRATIONS_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    };
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(IntegrationsConfig, { ...base, ...env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({})).toEqual([]);
    expect(problems({ SMS_TWILIO_ACCOUNT_SID: SID }).join('\n')).toMatch(
      /SMS_TWILIO_AUTH_TOKEN is required[\s\S]*SMS_FROM/,
    );
    expect(
      problems({ SMS_TWILIO_ACCOUNT_SID: 'nope', SMS_TWILIO_AUTH_TOKEN: TOKEN, SMS_FROM: '+15005550006' }),
    ).toEqual([expect.stringContaining('SMS_TWILIO_ACCOUNT_SID')]);
    expect(
      problems({
        SMS_TWILIO_ACCOUNT_SID: SID,
        SMS_TWILIO_AUTH_TOKEN: TOKEN,
        SMS_FROM: '+15005550006',
        SMS_TIMEOUT_MS: '5',
      }),
    ).toEqual([expect.stringContaining('SMS_TIMEOUT_MS')]);
    expect(
      problems({
        SMS_TWILIO_ACCOUNT_SID: SID,
        SMS_TWILIO_AUTH_TOKEN: TOKEN,
        SMS_TWILIO_MESSAGING_SERVICE_SID: 'MG0123456789abcdef0123456789abcdef',
        SMS_TWILIO_BASE_URL: 'http://127.0.0.1:4010',
      }),
    ).toEqual([]);
  });
});
