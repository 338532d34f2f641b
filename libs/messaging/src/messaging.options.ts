import type { ContextName } from '@roster/contracts';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** Which app this is: names durable consumers and picks the stream the relay publishes to. */
  context: ContextName | 'gateway';
}
