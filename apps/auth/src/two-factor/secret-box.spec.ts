import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('seals with AES-256-GCM: the secret does not appear, and it opens again', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed); // a fresh IV each time
  });

  it('refuses a tampered ciphertext or a wrong key', () => {
    const sealed = new SecretBox(key).seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('sEcret').toString('base64url');
    expect(() => new SecretBox(key).open(parts.join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => new SecretBox().open(sealed)).toThrow(/TOTP_ENCRYPTION_KEY/);
  });

  it('without a key stores in clear, marked so; a keyed box still reads those', () => {
    const sealed = new SecretBox().seal('secret');
    expect(sealed).toBe('plain.secret');
    expect(new SecretBox(key).open(sealed)).toBe('secret');
  });
});
