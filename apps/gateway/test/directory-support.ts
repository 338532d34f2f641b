import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { newProfiledUser } from './people-support';
import { api, SignedUpUser } from './support';

/** Runs a query on directory's database (to read the outbox, or to arrange an expired token). */
export async function directoryDb<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: process.env.E2E_DIRECTORY_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/** Envelopes directory wrote to its outbox about this company, oldest first (optionally one subject). */
export async function companyEvents(companyId: string, subjectPrefix = 'directory.events.'): Promise<any[]> {
  const rows = await directoryDb<{ envelope: any }>(
    `SELECT envelope FROM outbox WHERE subject LIKE $1 AND envelope->'data'->>'companyId' = $2 ORDER BY seq`,
    [`${subjectPrefix}%`, companyId],
  );
  return rows.map((r) => r.envelope);
}

export async function createCompany(user: SignedUpUser, name: string): Promise<{ id: string; name: string }> {
  const res = await api().post('/api/v1/companies', { name }, user.accessToken);
  if (res.status !== 201) throw new Error(`create company failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Adds an existing user directly through the members API (the caller must be owner/admin). */
export async function addMember(
  by: SignedUpUser,
  companyId: string,
  user: SignedUpUser,
  role: 'owner' | 'admin' | 'member',
) {
  const res = await api().post(
    `/api/v1/companies/${companyId}/members`,
    { email: user.email, role },
    by.accessToken,
  );
  if (res.status !== 201) throw new Error(`add member failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A provider (MSP) whose owner, a fresh user, is its administrator. */
export async function createProvider(
  label = 'prov',
): Promise<{ id: string; name: string; admin: SignedUpUser }> {
  const admin = await newProfiledUser(`${label}-admin`);
  const name = `${label} MSP ${randomUUID().slice(0, 8)}`;
  const res = await api().post('/api/v1/providers', { name }, admin.accessToken);
  if (res.status !== 201)
    throw new Error(`create provider failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name, admin };
}

/**
 * A customer company of a fresh provider, owned by `owner` (who needs a profile in directory). The provider's
 * administrator manages it without being a member; use it as the company under test in isolation tests so that
 * "an administrator of another provider" is a meaningful caller.
 */
export async function createCustomerCompany(
  owner: SignedUpUser,
  name: string,
): Promise<{ id: string; name: string; providerId: string; providerAdmin: SignedUpUser }> {
  const provider = await createProvider('home');
  const res = await api().post(
    `/api/v1/providers/${provider.id}/customers`,
    { name, ownerEmail: owner.email },
    provider.admin.accessToken,
  );
  if (res.status !== 201)
    throw new Error(`create customer failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name: res.body.name, providerId: provider.id, providerAdmin: provider.admin };
}

let otherProvider: Promise<SignedUpUser> | undefined;

/**
 * An administrator of a provider of their own, who is no member of any company (one per test file): every
 * company route must answer them 404 unless the company is a customer of their provider.
 */
export function otherProviderAdmin(): Promise<SignedUpUser> {
  otherProvider ??= createProvider('other').then((provider) => provider.admin);
  return otherProvider;
}
