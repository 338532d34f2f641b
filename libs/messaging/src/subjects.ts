import { ContextName, STREAMS } from '@roster/contracts';

/**
 * NATS_PREFIX namespaces every subject and stream, so that test runs (or several environments)
 * can share one NATS server without seeing each other's messages. Read lazily: decorators call it
 * at import time, after the process environment is set.
 */
function prefix(): string {
  return process.env.NATS_PREFIX ?? '';
}

export function prefixed(subject: string): string {
  const p = prefix();
  return p ? `${p}.${subject}` : subject;
}

export function unprefixed(subject: string): string {
  const p = prefix();
  return p && subject.startsWith(`${p}.`) ? subject.slice(p.length + 1) : subject;
}

export function streamFor(owner: ContextName): { name: string; subjects: string } {
  const p = prefix();
  const stream = STREAMS[owner];
  return { name: p ? `${p}_${stream.name}` : stream.name, subjects: prefixed(stream.subjects) };
}

/** Events set aside after bounded retries (malformed, or a handler that keeps failing), with the reason. */
export function deadLetterStream(): string {
  const p = prefix();
  return p ? `${p}_DEAD_LETTERS` : 'DEAD_LETTERS';
}

export function deadLetterSubject(durable: string): string {
  return prefixed(`dead_letters.${durable}`);
}
