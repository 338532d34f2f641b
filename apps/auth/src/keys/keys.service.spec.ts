import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { splitPems } from './keys.service';

describe('splitPems', () => {
  const pem = () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString();

  it('reads several concatenated PEM keys', () => {
    const [a, b] = [pem(), pem()];
    const found = splitPems(`${a}\n${b}`);
    expect(found).toHaveLength(2);
    expect(createPublicKey(found[1]).export({ format: 'pem', type: 'spki' })).toBe(b);
  });

  it('accepts keys whose newlines were escaped to fit one environment line', () => {
    const escaped = pem().replace(/\n/g, '\\n');
    expect(() => createPublicKey(splitPems(escaped)[0])).not.toThrow();
  });

  it('finds nothing in an empty setting', () => {
    expect(splitPems('')).toEqual([]);
  });
});
