import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/** The account integrations uses in e2e (SMS_TWILIO_ACCOUNT_SID / SMS_TWILIO_AUTH_TOKEN). */
export const E2E_TWILIO = {
  accountSid: 'AC00000000000000000000000000e2e0e2',
  authToken: 'e2e-twilio-auth-token',
  from: '+15005550006',
};

/** A message the stand-in accepted, as a test reads it back. */
export interface StandinSms {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  receivedAt: string;
}

/** Every request to the Messages resource, with the status it was answered (including scripted failures). */
export interface StandinAttempt {
  to: string | null;
  status: number;
  at: string;
}

/** A scripted answer for the next request(s) to a number: `{ status, code?, message?, times? }`. */
interface Failure {
  to: string;
  status: number;
  code?: number;
  message?: string;
  times: number;
}

/**
 * A stand-in for Twilio's Programmable Messaging API, started once in global setup (its port goes to
 * integrations as SMS_TWILIO_BASE_URL, and to the tests in platform.json as `twilioPort`):
 *
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`: HTTP Basic (AccountSid:AuthToken, else 401 code
 *   20003), form-encoded `To`, `From` or `MessagingServiceSid`, `Body`; a `To` that is not E.164 is 400 code
 *   21211; otherwise 201 `{sid, status: "queued", …}` and the message is recorded.
 * - test control (not Twilio): `GET /_test/messages?to=…`, `GET /_test/attempts?to=…`, and
 *   `POST /_test/failures {to, status, code?, message?, times?}` to answer the next request(s) to a number
 *   with an error. Scripts are per number, so specs running side by side do not disturb each other.
 */
export async function startTwilioStandin(port: number): Promise<Server> {
  const messages: StandinSms[] = [];
  const attempts: StandinAttempt[] = [];
  const failures: Failure[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${E2E_TWILIO.accountSid}:${E2E_TWILIO.authToken}`).toString('base64')}`;

  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const twilioError = (res: ServerResponse, status: number, code: number, message: string) =>
    send(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const raw = await read(req);
      if (req.method === 'GET' && url.pathname === '/_test/messages') {
        const to = url.searchParams.get('to');
        return send(res, 200, to ? messages.filter((m) => m.to === to) : messages);
      }
      if (req.method === 'GET' && url.pathname === '/_test/attempts') {
        const to = url.searchParams.get('to');
        return send(res, 200, to ? attempts.filter((a) => a.to === to) : attempts);
      }
      if (req.method === 'POST' && url.pathname === '/_test/failures') {
        const f = JSON.parse(raw) as Omit<Failure, 'times'> & { times?: number };
        failures.push({ ...f, times: f.times ?? 1 });
        return send(res, 204, {});
      }
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
      if (!match || req.method !== 'POST')
        return twilioError(res, 404, 20404, 'The requested resource was not found');
      const form = new URLSearchParams(raw);
      const to = form.get('To');
      const answer = (status: number) => attempts.push({ to, status, at: new Date().toISOString() });
      if (
        req.headers.authorization !== expectedAuth ||
        decodeURIComponent(match[1]) !== E2E_TWILIO.accountSid
      ) {
        answer(401);
        return twilioError(res, 401, 20003, 'Authenticate');
      }
      if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        answer(400);
        return twilioError(res, 400, 21620, 'Expected a form-encoded body');
      }
      const scripted = failures.find((f) => f.to === to && f.times > 0);
      if (scripted) {
        scripted.times -= 1;
        answer(scripted.status);
        return twilioError(
          res,
          scripted.status,
          scripted.code ?? 20500,
          scripted.message ?? 'Scripted failure',
        );
      }
      if (!to || !/^\+[1-9]\d{6,14}$/.test(to)) {
        answer(400);
        return twilioError(res, 400, 21211, `The 'To' number ${to ?? ''} is not a valid phone number.`);
      }
      const body = form.get('Body');
      const from = form.get('From');
      const messagingServiceSid = form.get('MessagingServiceSid');
      if (!body || (!from && !messagingServiceSid)) {
        answer(400);
        return twilioError(res, 400, 21602, 'Message body is required.');
      }
      const sid = `SM${randomBytes(16).toString('hex')}`;
      messages.push({ sid, to, from, messagingServiceSid, body, receivedAt: new Date().toISOString() });
      answer(201);
      return send(res, 201, {
        sid,
        account_sid: E2E_TWILIO.accountSid,
        to,
        from,
        messaging_service_sid: messagingServiceSid,
        body,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${E2E_TWILIO.accountSid}/Messages/${sid}.json`,
      });
    })().catch((error: unknown) => send(res, 500, { code: 20500, message: String(error), status: 500 }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
