import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@roster/contracts';

/** A short list of the passwords attackers try first; long enough to stop the obvious ones. */
const COMMON = new Set([
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  '1234567890',
  '0123456789',
  'qwertyuiop',
  'qwerty1234',
  'qwerty123456',
  '1q2w3e4r5t',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'administrator',
  'admin12345',
  'changeme123',
  'passw0rd123',
  'abc1234567',
  'football123',
  'monkey1234',
  'sunshine12',
  'princess12',
  'dragon1234',
  'trustno1234',
  'aaaaaaaaaa',
  '1111111111',
  'starwars123',
]);

/**
 * NIST SP 800-63B style: length matters most (10 to 256), no character-class rules, but no well-known
 * password, no long single-character run, and nothing built from the account's own e-mail name.
 * Returns the reasons it fails; empty when it passes.
 */
export function checkPasswordPolicy(password: string, email?: string): string[] {
  const reasons: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) reasons.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length > PASSWORD_MAX_LENGTH) reasons.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) reasons.push('is a commonly used password');
  if (new Set(lower).size < 4) reasons.push('must use at least 4 different characters');
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) reasons.push('must not contain your e-mail name');
  return reasons;
}
