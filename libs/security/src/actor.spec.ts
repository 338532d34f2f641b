import { toActorRef } from './actor';

describe('toActorRef', () => {
  it('an application acting for itself becomes a client of its company: never a user, never a service', () => {
    expect(
      toActorRef({
        userId: 'rcl_x',
        sessionId: 'cred-1',
        scopes: ['companies:read'],
        credential: 'client_credentials',
        clientId: 'rcl_x',
        companyId: 'c1',
      }),
    ).toEqual({
      type: 'client',
      id: 'rcl_x',
      sessionId: 'cred-1',
      scopes: ['companies:read'],
      companyId: 'c1',
    });
  });

  it('an impersonation names both identities', () => {
    expect(
      toActorRef({
        userId: 'm',
        sessionId: 's',
        scopes: [],
        credential: 'impersonation',
        impersonatorId: 'a',
      }),
    ).toEqual({ type: 'user', id: 'm', sessionId: 's', scopes: [], impersonatorId: 'a' });
  });

  it('a login session and nobody', () => {
    expect(toActorRef({ userId: 'u', sessionId: 's', scopes: [] })).toEqual({
      type: 'user',
      id: 'u',
      sessionId: 's',
      scopes: [],
    });
    expect(toActorRef(undefined)).toEqual({ type: 'anonymous', id: null });
  });
});
