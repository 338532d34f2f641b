import { createHash } from 'node:crypto';

/**
 * SHA-256, hex: how high-entropy secrets (tokens, recovery codes, invitation and transfer links) are
 * stored. Nobody can search 2^80 or more inputs, so a slow hash would add cost without safety, and the
 * lookup stays an index probe. Never for passwords (those get argon2id).
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
