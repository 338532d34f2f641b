import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedHook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** What the receiver answers on a path: a status, or a promise of one (to hold the request open). */
type Responder = () => number | Promise<number>;

/**
 * A webhook receiver for the tests, on loopback: records every request by path and answers with the
 * status each path's script gives (default 200).
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private readonly scripts = new Map<string, Responder[]>();
  private readonly fallbacks = new Map<string, Responder>();
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        this.received.push({ path, headers: req.headers, body, json });
        const next = this.scripts.get(path)?.shift() ?? this.fallbacks.get(path) ?? (() => 200);
        void Promise.resolve(next()).then((status) => {
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.end(String(status));
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next answers on `path`, in order; then `otherwise` (default 200). */
  script(path: string, answers: Array<number | Responder>, otherwise?: number): void {
    this.scripts.set(
      path,
      answers.map((a) => (typeof a === 'number' ? () => a : a)),
    );
    if (otherwise !== undefined) this.fallbacks.set(path, () => otherwise);
  }

  on(path: string): ReceivedHook[] {
    return this.received.filter((r) => r.path === path);
  }
}

/** Standard Webhooks verification, written independently of the platform's code. */
export function signatureValid(secret: string, hook: ReceivedHook): boolean {
  const id = hook.headers['webhook-id'] as string;
  const timestamp = hook.headers['webhook-timestamp'] as string;
  const header = hook.headers['webhook-signature'] as string;
  if (!id || !timestamp || !header) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(
    `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${hook.body}`).digest('base64')}`,
  );
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
