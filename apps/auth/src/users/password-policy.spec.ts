import { checkPasswordPolicy } from './password-policy';

describe('checkPasswordPolicy', () => {
  it('accepts a long, unremarkable password', () => {
    expect(checkPasswordPolicy('correct horse battery staple', 'ada@example.com')).toEqual([]);
  });

  it('refuses short passwords', () => {
    expect(checkPasswordPolicy('Sh0rt!', 'ada@example.com')).toContain('must be at least 10 characters long');
  });

  it('refuses well-known passwords whatever their case', () => {
    expect(checkPasswordPolicy('Password123')).toContain('is a commonly used password');
  });

  it('refuses passwords with too few distinct characters', () => {
    expect(checkPasswordPolicy('abababababab')).toContain('must use at least 4 different characters');
  });

  it('refuses passwords built from the e-mail name', () => {
    expect(checkPasswordPolicy('lovelace-2024!', 'lovelace@example.com')).toContain(
      'must not contain your e-mail name',
    );
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPasswordPolicy('😀😀😀😀😀')).toContain('must be at least 10 characters long');
  });
});
