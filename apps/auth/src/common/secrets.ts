import { randomBytes } from 'node:crypto';

/** `<prefix>` + 256 random bits, base64url: opaque to clients, recognisable in logs and secret scanners. */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export { sha256Hex } from '@roster/security';
