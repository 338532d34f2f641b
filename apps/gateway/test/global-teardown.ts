import type { TestPlatform } from '@roster/testing';

export default async function globalTeardown(): Promise<void> {
  const platform = (globalThis as Record<string, unknown>).__ROSTER_PLATFORM__ as TestPlatform | undefined;
  await platform?.destroy();
}
