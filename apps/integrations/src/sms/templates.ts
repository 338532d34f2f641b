import type { Brand } from '../email/templates';

/** The verification-code text: one segment (≤ 160 GSM characters) for a usual company name. */
export function verificationCodeSms(brand: Brand, v: { code: string; expiresAt: string }): string {
  // A company name is the sender's identity in the text; control characters and excess length are cut.
  const name =
    (brand.name ?? 'Roster')
      .replace(/[\p{C}]+/gu, ' ')
      .trim()
      .slice(0, 40) || 'Roster';
  const expires = new Date(v.expiresAt);
  const until = Number.isNaN(expires.getTime()) ? v.expiresAt : `${expires.toISOString().slice(11, 16)} UTC`;
  return `${name}: your verification code is ${v.code}. It expires at ${until}. Ignore this if you did not add this number.`;
}
