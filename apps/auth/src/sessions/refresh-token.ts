import { newOpaqueToken, sha256Hex } from '../common/secrets';

/** `rt_` + 256 random bits, base64url: opaque to clients, recognisable in logs and secret scanners. */
export function newRefreshToken(): string {
  return newOpaqueToken('rt_');
}

export function hashRefreshToken(token: string): string {
  return sha256Hex(token);
}
