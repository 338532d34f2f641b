import type { ContextName } from './define';

/** One JetStream stream per context, holding every event that context publishes. */
export const STREAMS: Record<ContextName, { name: string; subjects: string }> = {
  auth: { name: 'AUTH_EVENTS', subjects: 'auth.events.>' },
  directory: { name: 'DIRECTORY_EVENTS', subjects: 'directory.events.>' },
  billing: { name: 'BILLING_EVENTS', subjects: 'billing.events.>' },
  integrations: { name: 'INTEGRATIONS_EVENTS', subjects: 'integrations.events.>' },
};
