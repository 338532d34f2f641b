import { Actor, manageRefusal, removesLastOwner, Target } from './member-policy';

const actor = (role: Actor['role'], via: Actor['via'] = 'member', userId = 'actor'): Actor => ({
  userId,
  role,
  via,
});
const target = (role: Target['role'], status: Target['status'] = 'active', userId = 'target'): Target => ({
  userId,
  role,
  status,
});

describe('manageRefusal', () => {
  it('lets owners manage everyone, including other owners', () => {
    for (const role of ['owner', 'admin', 'member'] as const)
      expect(manageRefusal(actor('owner'), target(role), { role: 'member' })).toBeNull();
    expect(manageRefusal(actor('owner'), target('member'), { role: 'owner' })).toBeNull();
  });

  it('lets admins manage admins and members but not owners, nor grant ownership', () => {
    expect(manageRefusal(actor('admin'), target('member'), { role: 'admin' })).toBeNull();
    expect(manageRefusal(actor('admin'), target('admin'), { remove: true })).toBeNull();
    expect(manageRefusal(actor('admin'), target('owner'), { remove: true })).toBe(
      'An admin cannot manage an owner',
    );
    expect(manageRefusal(actor('admin'), target('owner'))).toBe('An admin cannot manage an owner');
    expect(manageRefusal(actor('admin'), target('member'), { role: 'owner' })).toMatch(/Only an owner/);
  });

  it('treats a provider administrator as an admin', () => {
    expect(manageRefusal(actor('admin', 'provider'), target('member'), { status: 'disabled' })).toBeNull();
    expect(manageRefusal(actor('admin', 'provider'), target('owner'), { status: 'disabled' })).not.toBeNull();
  });

  it('lets a member leave but manage nobody', () => {
    expect(
      manageRefusal(actor('member', 'member', 'u1'), target('member', 'active', 'u1'), { remove: true }),
    ).toBeNull();
    expect(manageRefusal(actor('member'), target('member'), { remove: true })).toMatch(
      /Only owners and admins/,
    );
    expect(
      manageRefusal(actor('member', 'member', 'u1'), target('member', 'active', 'u1'), { role: 'admin' }),
    ).not.toBeNull();
  });

  it('refuses to let someone disable themselves', () => {
    expect(
      manageRefusal(actor('owner', 'member', 'u1'), target('owner', 'active', 'u1'), { status: 'disabled' }),
    ).toBe('You cannot disable yourself');
  });
});

describe('removesLastOwner', () => {
  it('refuses removing, demoting or disabling the only active owner', () => {
    expect(removesLastOwner(1, target('owner'), { remove: true })).toBe(true);
    expect(removesLastOwner(1, target('owner'), { role: 'admin' })).toBe(true);
    expect(removesLastOwner(1, target('owner'), { status: 'disabled' })).toBe(true);
  });

  it('allows it when another active owner remains, or when the change keeps ownership', () => {
    expect(removesLastOwner(2, target('owner'), { remove: true })).toBe(false);
    expect(removesLastOwner(1, target('owner'), { role: 'owner' })).toBe(false);
    expect(removesLastOwner(1, target('owner'), { status: 'active' })).toBe(false);
  });

  it('ignores non-owners and disabled owners', () => {
    expect(removesLastOwner(1, target('admin'), { remove: true })).toBe(false);
    expect(removesLastOwner(1, target('owner', 'disabled'), { remove: true })).toBe(false);
  });
});
