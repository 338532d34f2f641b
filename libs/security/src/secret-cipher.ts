import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { registerDecorator, ValidationArguments } from 'class-validator';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * Parses a key ring setting (INTEGRATIONS_ENCRYPTION_KEYS, AUTH_ENCRYPTION_KEYS): comma separated
 * `keyId:base64` entries of 32-byte keys. The first encrypts; all decrypt (each ciphertext names its key
 * id), so a key is rotated by adding a new one, putting it first, re-encrypting, then dropping the old one.
 * Throws a message naming the variable and the bad entry.
 */
export function parseEncryptionKeys(setting: string, variable = 'ENCRYPTION_KEYS'): EncryptionKey[] {
  const keys = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, material, ...rest] = entry.split(':');
      if (!id || !material || rest.length || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
        throw new Error(`${variable}: "${id ?? entry}" is not keyId:base64`);
      }
      const key = Buffer.from(material, 'base64');
      if (key.length !== 32) throw new Error(`${variable}: key "${id}" must be 32 bytes (got ${key.length})`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error(`${variable}: at least one key is required`);
  if (new Set(keys.map((k) => k.id)).size !== keys.length)
    throw new Error(`${variable}: key ids must be unique`);
  return keys;
}

/**
 * AES-256-GCM for secrets at rest (PSA credentials, TOTP seeds): `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The context
 * (e.g. the integration's id) is bound as additional data, so a ciphertext copied to another row fails.
 */
export class SecretCipher {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: EncryptionKey[]) {
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get activeKeyId(): string {
    return this.keys[0].id;
  }

  encrypt(plaintext: string, context: string): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return ['v1', id, ...parts].join('.');
  }

  decrypt(sealed: string, context: string): string {
    const [version, id, iv, tag, ciphertext] = sealed.split('.');
    const key = this.byId.get(id ?? '');
    if (version !== 'v1' || !key || !iv || !tag || ciphertext === undefined) {
      throw new Error(`Cannot decrypt: unknown format or key "${id}"`);
    }
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** True when a value was sealed with an older key and should be re-encrypted. */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== this.activeKeyId;
  }
}

/** Config validation: the value must parse as a key ring; the message says what is wrong with it. */
export function IsKeyRing(): PropertyDecorator {
  const problem = (value: unknown, variable: string): string | null => {
    try {
      parseEncryptionKeys(typeof value === 'string' ? value : '', variable);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
  return (target, propertyName) =>
    registerDecorator({
      name: 'isKeyRing',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => problem(value, propertyName as string) === null,
        defaultMessage: (args: ValidationArguments) => problem(args.value, args.property) ?? '',
      },
    });
}
