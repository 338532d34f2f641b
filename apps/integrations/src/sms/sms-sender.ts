import { IntegrationsConfig } from '../config/integrations.config';

export interface SmsMessage {
  /** E.164 number, e.g. `+32470123456`. */
  to: string;
  body: string;
}

export interface SmsReceipt {
  /** The provider's message id (Twilio `SM…`). */
  providerMessageId: string;
  /** The provider's status at acceptance (Twilio: `queued`, `accepted`, `sending` …). */
  status: string;
}

/**
 * Why a send failed. `retryable`: a later attempt may succeed (network error, timeout, 429, 5xx); otherwise
 * the message is failed at once (an invalid number, a refused sender, bad credentials …).
 */
export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly httpStatus: number | null = null,
    readonly providerCode: number | null = null,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

/** The SMS port: one message, accepted by the provider or an SmsSendError. */
export abstract class SmsSender {
  abstract send(message: SmsMessage): Promise<SmsReceipt>;
}

/** The reason recorded on a verification SMS when no SMS provider is configured. */
export const SMS_NOT_CONFIGURED =
  'SMS is not configured (SMS_TWILIO_ACCOUNT_SID, SMS_TWILIO_AUTH_TOKEN and SMS_FROM or SMS_TWILIO_MESSAGING_SERVICE_SID)';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** Sender number or alphanumeric id; or a Messaging Service that picks one. */
  from?: string;
  messagingServiceSid?: string;
  baseUrl: string;
  timeoutMs: number;
}

/** The Twilio settings from the config, or null when SMS is not configured. */
export function twilioSettings(config: IntegrationsConfig): TwilioSettings | null {
  if (!config.SMS_TWILIO_ACCOUNT_SID || !config.SMS_TWILIO_AUTH_TOKEN) return null;
  if (!config.SMS_FROM && !config.SMS_TWILIO_MESSAGING_SERVICE_SID) return null;
  return {
    accountSid: config.SMS_TWILIO_ACCOUNT_SID,
    authToken: config.SMS_TWILIO_AUTH_TOKEN,
    from: config.SMS_FROM,
    messagingServiceSid: config.SMS_TWILIO_MESSAGING_SERVICE_SID,
    baseUrl: config.SMS_TWILIO_BASE_URL,
    timeoutMs: config.SMS_TIMEOUT_MS,
  };
}

/**
 * Twilio Programmable Messaging: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP Basic
 * (AccountSid:AuthToken), form-encoded `To`, `From` or `MessagingServiceSid`, `Body`. 201 with `{sid, status}`;
 * errors are `{code, message, status}`. The auth token never appears in an error message.
 */
export class TwilioSmsSender extends SmsSender {
  constructor(
    private readonly settings: TwilioSettings,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    super();
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const { accountSid, authToken, baseUrl, timeoutMs } = this.settings;
    const url = `${baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const form = new URLSearchParams({ To: message.to });
    if (this.settings.messagingServiceSid) form.set('MessagingServiceSid', this.settings.messagingServiceSid);
    else form.set('From', this.settings.from ?? '');
    form.set('Body', message.body);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error)?.name;
      const reason =
        name === 'TimeoutError' || name === 'AbortError'
          ? `timed out after ${timeoutMs} ms`
          : `network error: ${String((error as Error)?.message ?? error)}`;
      throw new SmsSendError(`Twilio ${reason}`, true);
    }
    const text = await response.text().catch(() => '');
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = {};
    }
    if (response.status === 200 || response.status === 201) {
      if (typeof json.sid !== 'string') throw new SmsSendError('Twilio answered without a message sid', true);
      return {
        providerMessageId: json.sid,
        status: typeof json.status === 'string' ? json.status : 'queued',
      };
    }
    const code = typeof json.code === 'number' ? json.code : null;
    const detail = typeof json.message === 'string' ? json.message.slice(0, 300) : text.slice(0, 200);
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    throw new SmsSendError(
      `Twilio ${response.status}${code !== null ? ` (code ${code})` : ''}: ${detail || response.statusText}`,
      retryable,
      response.status,
      code,
    );
  }
}
