import { AppError } from '@roster/contracts';
import { normaliseIpAllowList } from './companies.service';

describe('normaliseIpAllowList', () => {
  it('accepts IPv4/IPv6 addresses and CIDR ranges, trimmed and de-duplicated', () => {
    expect(normaliseIpAllowList([' 10.0.0.1', '10.0.0.0/8', '2001:db8::/32', '10.0.0.1'])).toEqual([
      '10.0.0.1',
      '10.0.0.0/8',
      '2001:db8::/32',
    ]);
  });

  it('names every bad entry by index', () => {
    let error: AppError | undefined;
    try {
      normaliseIpAllowList(['10.0.0.0/33', 'ok?', '192.168.1.1', '300.1.1.1']);
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.errors?.map((e) => e.field)).toEqual(['ipAllowList.0', 'ipAllowList.1', 'ipAllowList.3']);
  });
});
