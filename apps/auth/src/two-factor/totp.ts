import { authenticator } from 'otplib';

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_ISSUER = 'Roster';

/** 160 random bits (RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

/** `otpauth://totp/Roster:<email>?secret=…&period=30&digits=6&algorithm=SHA1&issuer=Roster`. */
export function totpUri(email: string, secret: string): string {
  return authenticator.keyuri(email, TOTP_ISSUER, secret);
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

export interface TotpCheck {
  nowMs: number;
  /** Steps accepted either side of now, for clock drift. */
  window: number;
  /** The step of the last code accepted for this secret; it and every earlier step are refused. */
  lastUsedStep: number | null;
}

/**
 * The time step `code` belongs to, if it is valid within the window and newer than the last code used,
 * else null. Remembering the step makes every code single use, even while it is still on screen.
 */
export function verifyTotp(secret: string, code: string, check: TotpCheck): number | null {
  const delta = authenticator
    .clone({ epoch: check.nowMs, step: TOTP_STEP_SECONDS, window: check.window })
    .checkDelta(code, secret);
  if (delta === null) return null;
  const step = totpStep(check.nowMs) + delta;
  if (check.lastUsedStep !== null && step <= check.lastUsedStep) return null;
  return step;
}
