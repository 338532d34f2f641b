import { AppError, DOMAIN_PATTERN } from '@roster/contracts';

/** Lower-cased, without a trailing dot; 400 when it is not a host name with a public-looking suffix. */
export function normalizeDomain(input: string): string {
  const domain = input.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN_PATTERN.test(domain))
    throw new AppError('VALIDATION_FAILED', 'domain: must be a domain name like example.com', [
      { field: 'domain', message: 'must be a domain name like example.com' },
    ]);
  return domain;
}

/** The domain part of an e-mail address, lower-cased. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
