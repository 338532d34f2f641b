import { createHash, randomBytes } from 'node:crypto';

/** `rt_` + 256 random bits, base64url: opaque to clients, recognisable in logs and secret scanners. */
export function newRefreshToken(): string {
  return `rt_${randomBytes(32).toString('base64url')}`;
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
