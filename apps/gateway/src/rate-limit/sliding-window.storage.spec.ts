import { SlidingWindowStorage } from './sliding-window.storage';

describe('SlidingWindowStorage', () => {
  const MINUTE = 60_000;
  let now = 10 * MINUTE; // the start of a window
  const storage = new SlidingWindowStorage(() => now, 3_600_000);
  afterAll(() => storage.onModuleDestroy());
  const hit = (key = 'user:a', limit = 5) => storage.increment(key, MINUTE, limit);

  it('allows the limit within a window, then blocks with the seconds left in the window', async () => {
    now = 10 * MINUTE;
    for (let i = 1; i <= 5; i++) expect(await hit()).toMatchObject({ isBlocked: false, totalHits: i });
    now += 15_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 45 });
    expect(await hit('user:b')).toMatchObject({ isBlocked: false, totalHits: 1 }); // others are counted apart
  });

  it('weighs the previous window by its overlap with the last minute', async () => {
    now = 11 * MINUTE + 6_000; // 10 % into the next window: 5 × 0.9 = 4.5 still count
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 6 });
    expect(await hit()).toMatchObject({ isBlocked: true }); // 4.5 + 1 ≥ 5
    now = 11 * MINUTE + 48_000; // 80 % in: 5 × 0.2 = 1 still counts, with the 1 hit of this window
    for (let i = 0; i < 3; i++) expect((await hit()).isBlocked).toBe(false); // 2, 3, 4 < 5
    expect((await hit()).isBlocked).toBe(true); // 1 + 4 ≥ 5
  });

  it('starts afresh after two quiet windows and forgets idle counters', async () => {
    now = 14 * MINUTE;
    expect(await hit()).toMatchObject({ isBlocked: false, totalHits: 1 });
    now = 20 * MINUTE;
    storage.sweep(MINUTE);
    expect(storage.size()).toBe(0);
  });
});
