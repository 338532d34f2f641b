import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line of a unit of work carries: set by the gateway per request, by services per message. */
export interface LogContext {
  requestId?: string;
  correlationId?: string;
  causationId?: string;
  tenantId?: string | null;
  actorId?: string | null;
  eventId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/** Adds fields to the current context (e.g. the tenant, once a handler knows it). */
export function enrichLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}
