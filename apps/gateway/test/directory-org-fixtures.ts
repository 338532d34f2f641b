import { ApiClient } from '@roster/testing';
import { createCustomerCompany } from './directory-support';
import { api, expectProblem, profileReady, SignedUpUser } from './support';

/**
 * Fixtures for the org-unit, group, contact, label, application and audit-log specs: a company whose owner is
 * `owner`, with other users made members through the members API.
 */
export async function newCompany(client: ApiClient, owner: SignedUpUser, name = 'Org Co'): Promise<string> {
  const res = await client.post('/api/v1/companies', { name }, owner.accessToken);
  if (res.status !== 201) throw new Error(`create company: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/**
 * Like `newCompany`, but the company is a customer of a provider of its own (owned by `owner`), so that
 * isolation tests can check an administrator of another provider; also returns that provider's administrator.
 */
export async function newCustomerCompany(
  owner: SignedUpUser,
  name = 'Org Co',
): Promise<{ companyId: string; providerAdmin: SignedUpUser }> {
  await profileReady(owner);
  const company = await createCustomerCompany(owner, name);
  return { companyId: company.id, providerAdmin: company.providerAdmin };
}

/**
 * Makes `user` a member through the members API (as `owner`), once directory has the user's profile (it comes
 * from auth's `user.registered` event).
 */
export async function addMembership(
  companyId: string,
  owner: SignedUpUser,
  user: SignedUpUser,
  role: 'admin' | 'member',
): Promise<void> {
  const client = api();
  await profileReady(user);
  const res = await client.post(
    `/api/v1/companies/${companyId}/members`,
    { email: user.email, role },
    owner.accessToken,
  );
  if (res.status !== 201) throw new Error(`add member: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Admin-only (403 for a plain member). */
  admin: boolean;
}

/**
 * Tenant isolation of every route: anonymous → 401, a user of another company → 404, an administrator of
 * another provider (not a member) → 404, a plain member → 403 on admin routes (and 200 on read routes). With
 * `providerAdmin` (an administrator of the company's own provider) read routes answer them 200, which shows
 * the company is a customer and the other provider's 404 is isolation, not a missing company.
 */
export async function expectIsolation(
  routes: RouteCase[],
  users: {
    outsider: SignedUpUser;
    member: SignedUpUser;
    otherProviderAdmin: SignedUpUser;
    providerAdmin?: SignedUpUser;
  },
): Promise<void> {
  const client = api();
  for (const route of routes) {
    const foreignProvider = await client.request(route.method, route.path, {
      body: route.body,
      token: users.otherProviderAdmin.accessToken,
    });
    expect({ route: `${route.method} ${route.path}`, status: foreignProvider.status }).toEqual({
      route: `${route.method} ${route.path}`,
      status: 404,
    });
    expectProblem(foreignProvider, 404, 'NOT_FOUND');
    if (users.providerAdmin && route.method === 'GET') {
      // Raw fetch: an export answers JSON lines, which the API client would try to parse as one document.
      const own = await fetch(`${process.env.E2E_GATEWAY_URL}${route.path}`, {
        headers: { authorization: `Bearer ${users.providerAdmin.accessToken}` },
      });
      expect({ route: `${route.method} ${route.path}`, providerAdmin: own.status }).toEqual({
        route: `${route.method} ${route.path}`,
        providerAdmin: 200,
      });
    }
    const anonymous = await client.request(route.method, route.path, { body: route.body });
    expect({ route: `${route.method} ${route.path}`, status: anonymous.status }).toEqual({
      route: `${route.method} ${route.path}`,
      status: 401,
    });
    const outsider = await client.request(route.method, route.path, {
      body: route.body,
      token: users.outsider.accessToken,
    });
    expect({ route: `${route.method} ${route.path}`, status: outsider.status }).toEqual({
      route: `${route.method} ${route.path}`,
      status: 404,
    });
    expectProblem(outsider, 404, 'NOT_FOUND');
    const member = await client.request(route.method, route.path, {
      body: route.body,
      token: users.member.accessToken,
    });
    if (route.admin) {
      expect({ route: `${route.method} ${route.path}`, status: member.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
    } else {
      expect({ route: `${route.method} ${route.path}`, status: member.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 200,
      });
    }
  }
}
