import { randomBytes } from 'node:crypto';

/** A short id naming one test run's databases and NATS prefix, e.g. `t3f9a1c`. */
export function newRunId(kind = 't'): string {
  return `${kind}${randomBytes(4).toString('hex')}`;
}

