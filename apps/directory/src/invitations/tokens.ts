import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A single-use secret for a link: 256 random bits, URL safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only this is stored; the raw token leaves once, in the event that e-mails it. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** A 6-digit verification code. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
