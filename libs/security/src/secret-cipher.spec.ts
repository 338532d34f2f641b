import { randomBytes } from 'node:crypto';
import { SecretCipher, parseEncryptionKeys } from './secret-cipher';

const key = () => randomBytes(32).toString('base64');

describe('SecretCipher', () => {
  it('round-trips a secret and never stores it in clear', () => {
    const cipher = new SecretCipher(parseEncryptionKeys(`k1:${key()}`));
    const sealed = cipher.encrypt('psa-private-key', 'integration-1');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('psa-private-key');
    expect(cipher.decrypt(sealed, 'integration-1')).toBe('psa-private-key');
  });

  it('refuses a ciphertext moved to another context or tampered with', () => {
    const cipher = new SecretCipher(parseEncryptionKeys(`k1:${key()}`));
    const sealed = cipher.encrypt('secret', 'integration-1');
    expect(() => cipher.decrypt(sealed, 'integration-2')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'integration-1')).toThrow();
  });

  it('rotates: a new first key encrypts, the old one still decrypts until it is removed', () => {
    const old = `k1:${key()}`;
    const sealedBefore = new SecretCipher(parseEncryptionKeys(old)).encrypt('secret', 'c');
    const rotated = new SecretCipher(parseEncryptionKeys(`k2:${key()},${old}`));
    expect(rotated.decrypt(sealedBefore, 'c')).toBe('secret');
    expect(rotated.needsRotation(sealedBefore)).toBe(true);
    const resealed = rotated.encrypt(rotated.decrypt(sealedBefore, 'c'), 'c');
    expect(rotated.needsRotation(resealed)).toBe(false);
    const withoutOld = new SecretCipher(
      parseEncryptionKeys(`k2:${rotated['keys'][0].key.toString('base64')}`),
    );
    expect(withoutOld.decrypt(resealed, 'c')).toBe('secret');
    expect(() => withoutOld.decrypt(sealedBefore, 'c')).toThrow(/unknown format or key "k1"/);
  });

  it.each([
    ['', /at least one key/],
    ['k1', /not keyId:base64/],
    [`k1:${Buffer.alloc(16).toString('base64')}`, /32 bytes/],
    [`k1:${key()},k1:${key()}`, /unique/],
  ])('refuses the setting %j', (setting, message) => {
    expect(() => parseEncryptionKeys(setting)).toThrow(message);
  });
});
