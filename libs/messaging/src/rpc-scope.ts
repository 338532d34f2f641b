import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestMeta } from './request-meta';

/** The request/reply request this async context serves: its (unprefixed) subject and metadata. */
export interface RpcScope {
  subject: string;
  meta: RequestMeta;
}

// One store for both, set once per request by RpcServer: every AsyncLocalStorage in use costs a little on
// every promise the process creates.
const storage = new AsyncLocalStorage<RpcScope>();

export function runInRpcScope<T>(scope: RpcScope, work: () => T): T {
  return storage.run(scope, work);
}

/** Undefined in event handlers, timers and start-up. */
export function currentRpcScope(): RpcScope | undefined {
  return storage.getStore();
}

/**
 * The metadata of the request this async context serves, undefined outside one. For checks that hold for
 * every request (a company's IP allow-list) without threading the meta through every call.
 */
export function currentRequestMeta(): RequestMeta | undefined {
  return storage.getStore()?.meta;
}
