import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals small secrets (TOTP seeds) at rest with AES-256-GCM when a key is configured:
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). Without a key it stores `plain.<secret>` and says so, so
 * turning encryption on later still reads the rows written before.
 */
export class SecretBox {
  constructor(private readonly key?: Buffer) {
    if (key && key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string): string {
    if (!this.key) return `plain.${plaintext}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string): string {
    if (sealed.startsWith('plain.')) return sealed.slice('plain.'.length);
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined)
      throw new Error('Unreadable sealed secret');
    if (!this.key) throw new Error('A sealed secret needs TOTP_ENCRYPTION_KEY to be opened');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
