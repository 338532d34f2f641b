import type { PasswordStrengthFlags, PasswordStrengthResponse } from '@roster/contracts';
import { checkPasswordPolicy } from '../users/password-policy';

/** Bits at which the score reaches 100: beyond any online or offline guessing of an argon2id hash. */
const FULL_SCORE_BITS = 100;
/** The policy refuses it: whatever its entropy, do not call it strong. */
const REFUSED_SCORE_CAP = 30;

/**
 * A transparent estimate, not zxcvbn: the character classes used give the size of the alphabet, the
 * length (minus repeats and runs like `aaa`, `abc`, `321`) how many symbols were drawn from it.
 * Flags follow AppsCo's `info` (`upper_case`, `lower_case`, `digits`, `special_chars`, `length8`,
 * `length16`, `entropy`). The score is the entropy scaled to 0..100, capped when the policy refuses.
 */
export function passwordStrength(password: string, email?: string): PasswordStrengthResponse {
  const chars = [...password];
  const hasUpperCase = /\p{Lu}/u.test(password);
  const hasLowerCase = /\p{Ll}/u.test(password);
  const hasDigits = /\p{Nd}/u.test(password);
  const hasSpecialChars = /[^\p{Lu}\p{Ll}\p{Nd}]/u.test(password);
  const alphabet =
    (hasLowerCase ? 26 : 0) + (hasUpperCase ? 26 : 0) + (hasDigits ? 10 : 0) + (hasSpecialChars ? 33 : 0);
  const entropyBits = alphabet > 1 ? Math.round(effectiveLength(chars) * Math.log2(alphabet)) : 0;
  const flags: PasswordStrengthFlags = {
    hasUpperCase,
    hasLowerCase,
    hasDigits,
    hasSpecialChars,
    minLength8: chars.length >= 8,
    minLength16: chars.length >= 16,
    entropyBits,
  };
  const reasons = checkPasswordPolicy(password, email);
  let score = Math.min(100, Math.round((entropyBits / FULL_SCORE_BITS) * 100));
  if (reasons.includes('is a commonly used password')) score = 0;
  else if (reasons.length) score = Math.min(score, REFUSED_SCORE_CAP);
  return { score, flags, meetsPolicy: reasons.length === 0, reasons };
}

/** Characters that add a guess: not a repeat of the previous one, not the next step of a run. */
function effectiveLength(chars: string[]): number {
  let count = 0;
  for (let i = 0; i < chars.length; i++) {
    if (i === 0) {
      count++;
      continue;
    }
    const step = chars[i].codePointAt(0)! - chars[i - 1].codePointAt(0)!;
    const previousStep = i >= 2 ? chars[i - 1].codePointAt(0)! - chars[i - 2].codePointAt(0)! : null;
    const repeatsOrRuns =
      step === 0 || (Math.abs(step) === 1 && (previousStep === null || previousStep === step));
    if (!repeatsOrRuns) count++;
  }
  return count;
}
