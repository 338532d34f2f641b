import { AppError } from '@roster/contracts';
import { metaFromHeaders, metaToHeaders, parseActor } from './request-meta';
import { requireCaller, requireUser } from './rpc-handler.decorator';

const meta = (actor: object) => ({ requestId: 'r', actor: parseActor(JSON.stringify(actor)) });

describe('actor header', () => {
  it('round-trips a user, with the impersonator when there is one', () => {
    const actor = { type: 'user' as const, id: 'u1', sessionId: 's1', scopes: ['a'], impersonatorId: 'u2' };
    expect(metaFromHeaders(metaToHeaders({ requestId: 'r', actor })).actor).toEqual(actor);
  });

  it('keeps an application acting for itself as a client of its company, never as a user or service', () => {
    expect(
      parseActor(JSON.stringify({ type: 'client', id: 'rcl_x', companyId: 'c1', scopes: ['s'] })),
    ).toEqual({
      type: 'client',
      id: 'rcl_x',
      companyId: 'c1',
      scopes: ['s'],
    });
  });

  it('treats unknown types, malformed JSON and wrongly typed fields as anonymous or drops them', () => {
    expect(parseActor(JSON.stringify({ type: 'root', id: 'x' }))).toEqual({ type: 'anonymous', id: null });
    expect(parseActor('{nope')).toEqual({ type: 'anonymous', id: null });
    expect(parseActor(JSON.stringify({ type: 'user', id: 'u', impersonatorId: 7, companyId: {} }))).toEqual({
      type: 'user',
      id: 'u',
    });
  });
});

describe('requireUser and requireCaller', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return (error as AppError).code;
    }
    return null;
  };

  it('a client is authenticated but is nobody’s user: 403 where a user is needed', () => {
    const client = meta({ type: 'client', id: 'rcl_x', companyId: 'c1' });
    expect(code(() => requireUser(client))).toBe('FORBIDDEN');
    expect(requireCaller(client)).toEqual({ kind: 'client', clientId: 'rcl_x', companyId: 'c1' });
  });

  it('users pass as users; anonymous and services are not callers', () => {
    expect(requireCaller(meta({ type: 'user', id: 'u1' }))).toEqual({ kind: 'user', userId: 'u1' });
    expect(code(() => requireCaller(meta({})))).toBe('UNAUTHENTICATED');
    expect(code(() => requireCaller(meta({ type: 'service', id: 'billing' })))).toBe('UNAUTHENTICATED');
    // A client without its company is not trusted as one.
    expect(code(() => requireCaller(meta({ type: 'client', id: 'rcl_x' })))).toBe('FORBIDDEN');
  });
});
