import { resolveAccess } from './access-policy';

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
