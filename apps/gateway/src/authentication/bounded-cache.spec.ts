import { rememberBounded } from './bounded-cache';

describe('rememberBounded', () => {
  it('forgets the oldest entry once full, and none when the key is already there', () => {
    const map = new Map<string, number>();
    rememberBounded(map, 'a', 1, 2);
    rememberBounded(map, 'b', 2, 2);
    rememberBounded(map, 'b', 3, 2);
    expect([...map]).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
    rememberBounded(map, 'c', 4, 2);
    expect([...map]).toEqual([
      ['b', 3],
      ['c', 4],
    ]);
  });
});
