import { isUUID } from 'class-validator';
import type { EventEnvelope } from '@roster/contracts';

/** What an entry is about, read from the event's data: the most specific id it carries. */
const SUBJECT_KEYS: [string, string][] = [
  ['userId', 'user'],
  ['contactId', 'contact'],
  ['applicationId', 'application'],
  ['groupId', 'group'],
  ['orgUnitId', 'org_unit'],
  ['labelId', 'label'],
  ['invoiceId', 'invoice'],
  ['subscriptionId', 'subscription'],
  ['endpointId', 'webhook_endpoint'],
  ['integrationId', 'integration'],
  ['recipeId', 'recipe'],
  ['oauthAppId', 'oauth_app'],
  ['tokenId', 'api_token'],
  ['domainId', 'domain'],
  ['invitationId', 'invitation'],
  ['companyId', 'company'],
];

export function subjectOf(data: unknown): { type: string; id: string } | null {
  if (typeof data !== 'object' || data === null) return null;
  const record = data as Record<string, unknown>;
  for (const [key, type] of SUBJECT_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && isUUID(value)) return { type, id: value };
  }
  return null;
}

/** Raw secrets some events carry for their mailer (tokens, codes) never reach the log. */
const SECRET_KEYS = /token|code|secret|password|pdf/i;

export function redact(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return Object.fromEntries(
    Object.entries(data as Record<string, unknown>).map(([key, value]) =>
      SECRET_KEYS.test(key) && !/Id$/.test(key) ? [key, '[redacted]'] : [key, redact(value)],
    ),
  );
}

/** The companies an event is recorded for: its tenant, or (no tenant) every company of the user it is about. */
export function userWithoutTenant(event: EventEnvelope): string | null {
  if (event.tenantId) return null;
  const userId = (event.data as Record<string, unknown> | null)?.userId;
  return typeof userId === 'string' && isUUID(userId) ? userId : null;
}
