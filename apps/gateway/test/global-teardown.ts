import type { Server } from 'node:http';
import type { TestPlatform } from '@roster/testing';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  await (state.__ROSTER_PLATFORM__ as TestPlatform | undefined)?.destroy();
  (state.__ROSTER_COLLECTOR__ as Server | undefined)?.close();
  await (state.__ROSTER_DNS_STUB__ as { close(): Promise<void> } | undefined)?.close();
}
