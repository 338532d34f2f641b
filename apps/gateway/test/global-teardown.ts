import type { Server } from 'node:http';
import type { TestPlatform } from '@roster/testing';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as Record<string, unknown>;
  await (state.__ROSTER_PLATFORM__ as TestPlatform | undefined)?.destroy();
  (state.__ROSTER_COLLECTOR__ as Server | undefined)?.close();
  await new Promise((resolve) => {
    const twilio = state.__ROSTER_TWILIO__ as Server | undefined;
    if (twilio) {
      twilio.close(resolve);
      twilio.closeAllConnections();
    } else resolve(undefined);
  });
  await (state.__ROSTER_DNS_STUB__ as { close(): Promise<void> } | undefined)?.close();
}
