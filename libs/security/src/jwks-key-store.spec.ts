import { generateKeyPairSync } from 'node:crypto';
import type { JsonWebKeySet } from '@roster/contracts';
import { JwksKeyStore } from './jwks-key-store';

function publicJwk(kid: string): Record<string, string> {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'ES256' };
}

describe('JwksKeyStore', () => {
  let now = 0;
  let set: JsonWebKeySet;
  let fetches = 0;
  let failing = false;
  const store = () =>
    new JwksKeyStore({
      fetch: async () => {
        fetches++;
        if (failing) throw new Error('auth is down');
        return set;
      },
      minRefreshIntervalMs: 10_000,
      now: () => now,
    });

  beforeEach(() => {
    now = 100_000;
    fetches = 0;
    failing = false;
    set = { keys: [publicJwk('k1')] };
  });

  it('serves known keys from cache without fetching again', async () => {
    const s = store();
    expect(await s.getKey('k1')).toBeDefined();
    expect(await s.getKey('k1')).toBeDefined();
    expect(fetches).toBe(1);
  });

  it('refetches on an unknown kid (rotation), at most once per interval', async () => {
    const s = store();
    await s.getKey('k1');
    set = { keys: [...set.keys, publicJwk('k2')] };
    now += 10_000;
    expect(await s.getKey('k2')).toBeDefined();
    expect(fetches).toBe(2);
    for (let i = 0; i < 50; i++) expect(await s.getKey(`forged-${i}`)).toBeUndefined();
    expect(fetches).toBe(2); // no storm of fetches for made-up kids
  });

  it('keeps its cached keys while the issuer is down', async () => {
    const s = store();
    await s.getKey('k1');
    failing = true;
    now += 60_000;
    expect(await s.getKey('unknown')).toBeUndefined();
    expect(await s.getKey('k1')).toBeDefined();
  });

  it('ignores private and non-EC keys', async () => {
    set = {
      keys: [
        { ...publicJwk('priv'), d: 'secret' },
        { kty: 'oct', kid: 'sym', k: 'AAAA' },
      ],
    };
    const s = store();
    expect(await s.getKey('priv')).toBeUndefined();
    expect(await s.getKey('sym')).toBeUndefined();
  });
});
