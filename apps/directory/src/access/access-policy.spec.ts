import { ipAllowed, resolveAccess } from './access-policy';

describe('resolveAccess', () => {
  it('grants an active member their role', () => {
    for (const role of ['owner', 'admin', 'member'] as const)
      expect(resolveAccess({ membership: { role, status: 'active' }, providerRole: null })).toEqual({
        kind: 'granted',
        role,
        via: 'member',
      });
  });

  it('lets a provider administrator act as admin without a membership', () => {
    expect(resolveAccess({ membership: null, providerRole: 'admin' })).toEqual({
      kind: 'granted',
      role: 'admin',
      via: 'provider',
    });
  });

  it('keeps the higher right when both apply', () => {
    expect(resolveAccess({ membership: { role: 'owner', status: 'active' }, providerRole: 'admin' })).toEqual(
      { kind: 'granted', role: 'owner', via: 'member' },
    );
    expect(
      resolveAccess({ membership: { role: 'member', status: 'active' }, providerRole: 'owner' }),
    ).toEqual({ kind: 'granted', role: 'admin', via: 'provider' });
  });

  it('refuses a disabled member, unless they administer the provider', () => {
    expect(resolveAccess({ membership: { role: 'owner', status: 'disabled' }, providerRole: null })).toEqual({
      kind: 'disabled',
    });
    expect(
      resolveAccess({ membership: { role: 'member', status: 'disabled' }, providerRole: 'admin' }),
    ).toEqual({ kind: 'granted', role: 'admin', via: 'provider' });
  });

  it('finds nothing for a stranger', () => {
    expect(resolveAccess({ membership: null, providerRole: null })).toEqual({ kind: 'none' });
  });
});

describe('ipAllowed', () => {
  it('allows everyone when the list is empty', () => {
    expect(ipAllowed([], '203.0.113.9')).toBe(true);
    expect(ipAllowed(null, '203.0.113.9')).toBe(true);
  });

  it('matches single addresses and CIDR ranges of both families', () => {
    const list = ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'];
    expect(ipAllowed(list, '203.0.113.200')).toBe(true);
    expect(ipAllowed(list, '198.51.100.7')).toBe(true);
    expect(ipAllowed(list, '2001:db8:0:0::42')).toBe(true);
    expect(ipAllowed(list, '203.0.114.1')).toBe(false);
    expect(ipAllowed(list, '198.51.100.8')).toBe(false);
    expect(ipAllowed(list, '2001:db9::1')).toBe(false);
  });

  it('takes an IPv4-mapped IPv6 address as its IPv4 address, and refuses what does not parse', () => {
    expect(ipAllowed(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true);
    expect(ipAllowed(['10.0.0.0/8'], '::ffff:10.1.2.3')).toBe(true);
    expect(ipAllowed(['10.0.0.0/8'], 'not-an-address')).toBe(false);
  });

  it('compares IPv6 addresses in any notation', () => {
    expect(ipAllowed(['2001:db8::1'], '2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(true);
  });
});
