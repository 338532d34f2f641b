import { randomBytes } from 'node:crypto';

/** A short id naming one test run's databases and NATS prefix, e.g. `t3f9a1c`. */
export function newRunId(kind = 't'): string {
  return `${kind}${randomBytes(4).toString('hex')}`;
}

/** A free TCP port on loopback (for an extra replica started by a test). */
export function freePortForTests(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const net = require('node:net') as typeof import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
