import { AppError } from '@roster/contracts';
import { assertCompanyRole } from './company-policy';

describe('assertCompanyRole', () => {
  it('lets every member read', () => {
    for (const role of ['owner', 'admin', 'member'] as const)
      expect(() => assertCompanyRole(role, 'read')).not.toThrow();
  });

  it('lets owners and admins update, not members', () => {
    expect(() => assertCompanyRole('admin', 'update')).not.toThrow();
    expect(() => assertCompanyRole('member', 'update')).toThrow(AppError);
  });

  it('lets only owners delete', () => {
    expect(() => assertCompanyRole('owner', 'delete')).not.toThrow();
    const error = (() => {
      try {
        assertCompanyRole('admin', 'delete');
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error?.code).toBe('FORBIDDEN');
    expect(error?.status).toBe(403);
  });
});
