import type { EventEnvelope } from '@roster/contracts';

/**
 * Fields that never leave the platform in a webhook: one-time tokens and codes (invitation, password
 * reset, contact verification), secrets, and bulky attachments (invoice PDFs).
 */
const REDACTED_KEYS = new Set([
  'token',
  'code',
  'secret',
  'password',
  'passwordHash',
  'tokenHash',
  'codeHash',
  'recoveryCodes',
  'pdfBase64',
  'credentials',
]);

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !REDACTED_KEYS.has(key))
        .map(([key, v]) => [key, redact(v)]),
    );
  }
  return value;
}

export interface WebhookPayload {
  type: string;
  timestamp: string;
  eventId: string;
  companyId: string | null;
  data: unknown;
}

/** The Standard Webhooks body: `{type, timestamp, data}` plus the event id and company. */
export function webhookPayload(event: EventEnvelope): WebhookPayload {
  return {
    type: event.type,
    timestamp: event.occurredAt,
    eventId: event.eventId,
    companyId: event.tenantId,
    data: redact(event.data),
  };
}

/** `[]` or `*`: every type; `a.b.*`: every type under `a.b.`; otherwise the exact type. */
export function matchesEventType(patterns: string[], type: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some(
    (p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))),
  );
}

export const PING_EVENT_TYPE = 'integrations.webhook.ping';
