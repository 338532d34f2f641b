import { passwordStrength } from './password-strength';

describe('passwordStrength', () => {
  it('sets the AppsCo flags', () => {
    expect(passwordStrength('Abc12!').flags).toEqual({
      hasUpperCase: true,
      hasLowerCase: true,
      hasDigits: true,
      hasSpecialChars: true,
      minLength8: false,
      minLength16: false,
      entropyBits: expect.any(Number),
    });
    expect(passwordStrength('abcdefgh').flags).toMatchObject({
      hasUpperCase: false,
      hasDigits: false,
      hasSpecialChars: false,
      minLength8: true,
      minLength16: false,
    });
    expect(passwordStrength('x'.repeat(8) + 'Y'.repeat(8)).flags).toMatchObject({ minLength16: true });
  });

  it('counts characters, not UTF-16 units, and treats other scripts as letters', () => {
    const s = passwordStrength('Ωμέγα😀');
    expect(s.flags).toMatchObject({
      hasUpperCase: true,
      hasLowerCase: true,
      hasSpecialChars: true,
      minLength8: false,
    });
  });

  it('gives an empty password nothing', () => {
    expect(passwordStrength('')).toMatchObject({ score: 0, meetsPolicy: false, flags: { entropyBits: 0 } });
  });

  it('scores a long passphrase high and accepts it', () => {
    const s = passwordStrength('correct horse battery staple');
    expect(s.score).toBeGreaterThanOrEqual(90);
    expect(s).toMatchObject({ meetsPolicy: true, reasons: [] });
  });

  it('scores a well-known password 0, whatever its classes', () => {
    const s = passwordStrength('Password123');
    expect(s.score).toBe(0);
    expect(s.meetsPolicy).toBe(false);
    expect(s.reasons).toContain('is a commonly used password');
  });

  it('discounts repeats and runs', () => {
    const repeated = passwordStrength('aaaaaaaaaaaaaaaa').flags.entropyBits;
    const run = passwordStrength('abcdefghijklmnop').flags.entropyBits;
    const mixed = passwordStrength('qzmfkwyrpxbtvjnd').flags.entropyBits;
    expect(repeated).toBeLessThan(10);
    expect(run).toBeLessThan(10);
    expect(mixed).toBeGreaterThan(70);
  });

  it('caps the score of anything the policy refuses', () => {
    const s = passwordStrength('X9#kq!');
    expect(s.meetsPolicy).toBe(false);
    expect(s.score).toBeLessThanOrEqual(30);
  });

  it('grows with length and with the classes used', () => {
    const a = passwordStrength('kqzmvwtrbx').score;
    const b = passwordStrength('kqzmvwtrbxhjfd').score;
    const c = passwordStrength('kQ7m#wTr9x').score;
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(a);
  });
});
