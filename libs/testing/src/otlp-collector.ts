import { appendFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as the OTLP/HTTP JSON exporter sends it, flattened with its service name. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}

const attrs = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));

/**
 * A stand-in OpenTelemetry collector for tests: accepts OTLP/HTTP JSON on /v1/traces and appends each span
 * as a JSON line to `file`, so tests in other processes can read them.
 */
export async function startOtlpCollector(file: string): Promise<{ endpoint: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          const name = attrs(rs.resource?.attributes)['service.name'];
          const service = typeof name === 'string' ? name : 'unknown';
          for (const ss of rs.scopeSpans ?? []) {
            for (const span of ss.spans ?? []) {
              const line: CollectedSpan = {
                service,
                traceId: span.traceId,
                spanId: span.spanId,
                parentSpanId: span.parentSpanId || undefined,
                name: span.name,
                attributes: attrs(span.attributes),
              };
              appendFileSync(file, `${JSON.stringify(line)}\n`);
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
