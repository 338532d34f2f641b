import { AppError } from '@roster/contracts';
import { grantedClientScopes } from './client-scopes';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('grantedClientScopes', () => {
  const allowed = ['companies:read', 'billing:read'];

  it('gives all allowed scopes when none are asked for (also for blank input)', () => {
    expect(grantedClientScopes(allowed)).toEqual(allowed);
    expect(grantedClientScopes(allowed, '   ')).toEqual(allowed);
  });

  it('gives what is asked for, once each', () => {
    expect(grantedClientScopes(allowed, 'billing:read')).toEqual(['billing:read']);
    expect(grantedClientScopes(allowed, 'billing:read  billing:read companies:read')).toEqual([
      'billing:read',
      'companies:read',
    ]);
  });

  it('refuses a scope the application is not allowed, naming it', () => {
    expect(codeOf(() => grantedClientScopes(allowed, 'companies:read companies:write'))).toBe(
      'INVALID_SCOPE',
    );
    try {
      grantedClientScopes(allowed, 'companies:write account:read');
    } catch (error) {
      expect((error as AppError).message).toContain('companies:write, account:read');
    }
  });

  it('refuses applications allowed nothing, whatever they ask', () => {
    expect(codeOf(() => grantedClientScopes([]))).toBe('UNAUTHORIZED_CLIENT');
    expect(codeOf(() => grantedClientScopes([], 'companies:read'))).toBe('UNAUTHORIZED_CLIENT');
  });
});
