import { randomBytes, randomInt } from 'node:crypto';

/** A single-use secret for a link: 256 random bits, URL safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** A 6-digit verification code. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
