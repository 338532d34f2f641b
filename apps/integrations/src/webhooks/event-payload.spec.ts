import { matchesEventType, redact, webhookPayload } from './event-payload';

describe('webhook payloads', () => {
  it('never carries tokens, codes or PDFs', () => {
    expect(
      redact({ email: 'a@b.c', token: 'raw', nested: [{ code: '123456', keep: 1 }], pdfBase64: 'JVBERi0' }),
    ).toEqual({ email: 'a@b.c', nested: [{ keep: 1 }] });
  });

  it('wraps the event as {type, timestamp, eventId, companyId, data}', () => {
    const payload = webhookPayload({
      eventId: 'e1',
      type: 'directory.events.invitation.sent',
      version: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      tenantId: 'c1',
      actor: { type: 'user', id: 'u1' },
      correlationId: null,
      causationId: null,
      data: { email: 'x@y.z', token: 'secret-token' },
    });
    expect(payload).toEqual({
      type: 'directory.events.invitation.sent',
      timestamp: '2026-01-01T00:00:00.000Z',
      eventId: 'e1',
      companyId: 'c1',
      data: { email: 'x@y.z' },
    });
  });

  it('matches exact types, prefixes and everything', () => {
    expect(matchesEventType([], 'a.events.b.c')).toBe(true);
    expect(matchesEventType(['*'], 'a.events.b.c')).toBe(true);
    expect(matchesEventType(['a.events.*'], 'a.events.b.c')).toBe(true);
    expect(matchesEventType(['a.events.b.c'], 'a.events.b.c')).toBe(true);
    expect(matchesEventType(['a.events.b.d'], 'a.events.b.c')).toBe(false);
    expect(matchesEventType(['b.events.*'], 'a.events.b.c')).toBe(false);
    expect(matchesEventType(['a.ev*'], 'a.events.b.c')).toBe(false);
  });
});
