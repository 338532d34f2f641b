import { createHash, randomBytes } from 'node:crypto';

/** `<prefix>` + 256 random bits, base64url: opaque to clients, recognisable in logs and secret scanners. */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256, hex. Enough for high-entropy secrets (tokens, recovery codes): nobody can search 2^80 or
 * more inputs, so a slow hash would add cost without safety, and the lookup stays an index probe.
 * Never for passwords (those get argon2id).
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
