import { AppError } from '@roster/contracts';
import { emailDomain, normalizeDomain } from './domain-name';

describe('normalizeDomain', () => {
  it('lower-cases and drops a trailing dot', () => {
    expect(normalizeDomain(' Example.COM. ')).toBe('example.com');
    expect(normalizeDomain('mail.acme-corp.co.uk')).toBe('mail.acme-corp.co.uk');
  });

  it('refuses what is not a domain name', () => {
    for (const bad of [
      'localhost',
      'http://example.com',
      'exa mple.com',
      '-bad.com',
      'a..b.com',
      '1.2.3.4',
      '',
    ])
      expect(() => normalizeDomain(bad)).toThrow(AppError);
  });
});

describe('emailDomain', () => {
  it('takes the part after the last @', () => {
    expect(emailDomain('Jane@Example.com')).toBe('example.com');
  });
});
