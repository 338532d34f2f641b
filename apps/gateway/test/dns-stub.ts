import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, Packet } from 'dns2';

/**
 * A tiny authoritative DNS server for domain verification tests. It answers TXT questions from a JSON file
 * (`{ "example.com": ["roster-verification=…"] }`) read on every query, so a test process can publish
 * records while the server runs in global setup. Any other name: NXDOMAIN.
 */
export async function startDnsStub(port: number, recordsFile: string): Promise<{ close(): Promise<void> }> {
  if (!existsSync(recordsFile)) writeFileSync(recordsFile, '{}');
  const server = createServer({
    udp: true,
    tcp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = question.name.toLowerCase().replace(/\.$/, '');
      let records: Record<string, string[]> = {};
      try {
        records = JSON.parse(readFileSync(recordsFile, 'utf8'));
      } catch {
        // A half-written file: answer with nothing this time.
      }
      const values = records[name];
      if (!values)
        response.header.rcode = 3; // NXDOMAIN
      else if (question.type === Packet.TYPE.TXT)
        for (const data of values)
          response.answers.push({
            name: question.name,
            type: Packet.TYPE.TXT,
            class: Packet.CLASS.IN,
            ttl: 1,
            data,
          } as never);
      void send(response);
    },
  });
  await server.listen({ udp: { port, address: '127.0.0.1' }, tcp: { port, address: '127.0.0.1' } });
  return { close: () => server.close() };
}

/** For tests: publish (or replace) a domain's TXT records on the stub. */
export function publishTxt(domain: string, values: string[]): void {
  const file = process.env.E2E_DNS_RECORDS!;
  const records = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  records[domain] = values;
  writeFileSync(`${file}.tmp`, JSON.stringify(records));
  renameSync(`${file}.tmp`, file);
}
