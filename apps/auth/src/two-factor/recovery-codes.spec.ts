import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('are four groups of four unambiguous symbols, all different', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('hash the same whatever the case, spaces or dashes', () => {
    const code = newRecoveryCode();
    const typed = ` ${code.toUpperCase().replace(/-/g, ' ')} `;
    expect(normalizeRecoveryCode(typed)).toBe(code.replace(/-/g, ''));
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
  });
});
