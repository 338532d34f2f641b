import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../common/secrets';

/** 32 symbols (no 0/o, 1/l): each random byte's low 5 bits pick one without bias. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const SYMBOLS = 16; // 80 bits

/** A recovery code like `k7fq-2mxa-9prt-uc4e`: 80 random bits, easy to read out and type. */
export function newRecoveryCode(): string {
  const symbols = [...randomBytes(SYMBOLS)].map((byte) => ALPHABET[byte & 31]).join('');
  return symbols.match(/.{4}/g)!.join('-');
}

/** What people type varies: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

/** SHA-256 of the normalised code: 80 random bits need no slow hash; lookup stays an index probe. */
export function hashRecoveryCode(input: string): string {
  return sha256Hex(normalizeRecoveryCode(input));
}
