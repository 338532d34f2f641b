import { Client } from 'pg';
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
