import { AppError, CompanyRole } from '@roster/contracts';
import { BusClient, RequestMeta } from '@roster/messaging';
import { DataSource } from 'typeorm';
import { CompanyAccess, scopeOf } from './company-access';

/** The role rule on top of directory's answer (directory itself is exercised end to end). */
describe('CompanyAccess', () => {
  const meta = (id: string | null): RequestMeta => ({
    requestId: 'r',
    actor: id ? { type: 'user', id } : { type: 'anonymous', id: null },
  });
  const answering = (role: CompanyRole | 'none') =>
    new CompanyAccess(
      {
        request: () =>
          role === 'none'
            ? Promise.reject(new AppError('NOT_FOUND', 'Company not found'))
            : Promise.resolve({ companyId: 'c', userId: 'u', role, via: 'member' }),
      } as unknown as BusClient,
      {} as DataSource,
    );

  it('lets owners and admins manage, refuses members (403), passes on 404, needs a user (401)', async () => {
    await expect(answering('owner').requireManager('c', meta('u'))).resolves.toMatchObject({ role: 'owner' });
    await expect(answering('admin').requireManager('c', meta('u'))).resolves.toMatchObject({ role: 'admin' });
    await expect(answering('member').requireManager('c', meta('u'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(answering('none').requireManager('c', meta('u'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(answering('owner').requireManager('c', meta(null))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await answering('member').canManage('c', meta('u'))).toBe(false);
  });

  it('reads the scope: exactly one of companyId and providerId', () => {
    const id = '6f1c1b1e-8f0a-4c4e-9d7e-3a2b1c0d9e8f';
    expect(scopeOf({ companyId: id })).toEqual({ kind: 'company', companyId: id, providerId: null });
    expect(scopeOf({ providerId: id })).toEqual({ kind: 'provider', providerId: id, companyId: null });
    expect(() => scopeOf({})).toThrow(AppError);
    expect(() => scopeOf({ companyId: id, providerId: id })).toThrow(AppError);
  });
});
