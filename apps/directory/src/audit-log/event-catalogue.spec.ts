import * as contracts from '@roster/contracts';
import type { EventContract } from '@roster/contracts';
import { AUDIT_EVENT_CATALOGUE } from './event-catalogue';

/** Every event contract of every context: AuditLogListener consumes all four streams. */
const EVENT_SUBJECTS = (Object.values(contracts) as unknown[])
  .filter(
    (value): value is EventContract<unknown> =>
      typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'event',
  )
  .map((event) => event.subject);

describe('audit event catalogue', () => {
  it('lists every event code the log can hold, of every context', () => {
    const codes = AUDIT_EVENT_CATALOGUE.map((c) => c.code);
    expect(EVENT_SUBJECTS.length).toBeGreaterThan(50);
    expect(EVENT_SUBJECTS.filter((subject) => !codes.includes(subject))).toEqual([]);
    expect(new Set(AUDIT_EVENT_CATALOGUE.map((c) => c.context))).toEqual(
      new Set(['directory', 'auth', 'billing', 'integrations']),
    );
  });

  it('lists only codes that exist', () => {
    expect(AUDIT_EVENT_CATALOGUE.map((c) => c.code).filter((code) => !EVENT_SUBJECTS.includes(code))).toEqual(
      [],
    );
  });
});
