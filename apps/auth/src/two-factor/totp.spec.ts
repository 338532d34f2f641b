import { authenticator } from 'otplib';
import { newTotpSecret, totpStep, totpUri, verifyTotp } from './totp';

const secret = newTotpSecret();
const t0 = Date.UTC(2026, 0, 1, 12, 0, 0) + 10_000; // 10 s into a step
const codeAt = (ms: number) => authenticator.clone({ epoch: ms }).generate(secret);
const step0 = totpStep(t0);

describe('TOTP', () => {
  it('makes a 160-bit base32 secret and an otpauth URI naming Roster and the account', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri('ada@example.com', secret));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Roster:ada@example.com');
    expect(uri.searchParams.get('issuer')).toBe('Roster');
    expect(uri.searchParams.get('secret')).toBe(secret);
  });

  it('accepts the current code and returns its step', () => {
    expect(verifyTotp(secret, codeAt(t0), { nowMs: t0, window: 1, lastUsedStep: null })).toBe(step0);
  });

  it('accepts codes one step either side of now (clock drift), not two', () => {
    const check = { nowMs: t0, window: 1, lastUsedStep: null };
    expect(verifyTotp(secret, codeAt(t0 - 30_000), check)).toBe(step0 - 1);
    expect(verifyTotp(secret, codeAt(t0 + 30_000), check)).toBe(step0 + 1);
    expect(verifyTotp(secret, codeAt(t0 - 60_000), check)).toBeNull();
    expect(verifyTotp(secret, codeAt(t0 + 60_000), check)).toBeNull();
  });

  it('with a window of 0 accepts only the current step', () => {
    const check = { nowMs: t0, window: 0, lastUsedStep: null };
    expect(verifyTotp(secret, codeAt(t0), check)).toBe(step0);
    expect(verifyTotp(secret, codeAt(t0 + 30_000), check)).toBeNull();
  });

  it('refuses a replay: the step last used, or any earlier one, even inside the window', () => {
    const code = codeAt(t0);
    expect(verifyTotp(secret, code, { nowMs: t0, window: 1, lastUsedStep: step0 })).toBeNull();
    expect(verifyTotp(secret, code, { nowMs: t0 + 20_000, window: 1, lastUsedStep: step0 })).toBeNull();
    expect(verifyTotp(secret, codeAt(t0 - 30_000), { nowMs: t0, window: 1, lastUsedStep: step0 })).toBeNull();
    // The next step is still fine.
    expect(verifyTotp(secret, codeAt(t0 + 30_000), { nowMs: t0, window: 1, lastUsedStep: step0 })).toBe(
      step0 + 1,
    );
  });

  it('refuses a wrong code and a code of another secret', () => {
    const check = { nowMs: t0, window: 1, lastUsedStep: null };
    const right = codeAt(t0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(secret, wrong, check)).toBeNull();
    const other = authenticator.clone({ epoch: t0 }).generate(newTotpSecret());
    if (other !== right) expect(verifyTotp(secret, other, check)).toBeNull();
  });
});
