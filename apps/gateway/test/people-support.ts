import { Client } from 'pg';
import { api, expectProblem, newUser, profileReady, SignedUpUser } from './support';

/** Helpers of the directory "people" specs (profile, invitations, domains, member import). */

/** A signed-up user whose directory profile exists (it is built from auth's event). */
export async function newProfiledUser(label = 'user'): Promise<SignedUpUser> {
  const user = await newUser(label);
  await profileReady(user);
  return user;
}

export async function createCompany(
  owner: SignedUpUser,
  name: string,
): Promise<{ id: string; name: string }> {
  const res = await api().post('/api/v1/companies', { name }, owner.accessToken);
  if (res.status !== 201) throw new Error(`company: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function withDirectoryDb<T>(fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: process.env.E2E_DIRECTORY_DATABASE_URL });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** Envelopes directory wrote to its outbox for `subject` (oldest first), optionally filtered by data. */
export async function outboxEvents<D = any>(
  subject: string,
  where: (data: D) => boolean = () => true,
): Promise<Array<{ eventId: string; tenantId: string | null; actor: any; data: D }>> {
  const rows = await withDirectoryDb((db) =>
    db.query(`SELECT envelope FROM outbox WHERE subject = $1 ORDER BY seq`, [subject]),
  );
  return rows.rows.map((r) => r.envelope).filter((e) => where(e.data));
}

/** The raw accept token of the latest InvitationSent for the invitation (what the e-mail carries). */
export async function invitationToken(invitationId: string): Promise<string> {
  const sent = await outboxEvents<{ invitationId: string; token: string }>(
    'directory.events.invitation.sent',
    (d) => d.invitationId === invitationId,
  );
  if (!sent.length) throw new Error(`no InvitationSent for ${invitationId}`);
  return sent[sent.length - 1].data.token;
}

/** Invites `user` and has them accept: the API way to make someone a member. */
export async function addMember(
  admin: SignedUpUser,
  companyId: string,
  user: SignedUpUser,
  role: 'member' | 'admin' = 'member',
): Promise<void> {
  const invite = await api().post(
    `/api/v1/companies/${companyId}/invitations`,
    { email: user.email, role },
    admin.accessToken,
  );
  if (invite.status !== 201) throw new Error(`invite: ${invite.status} ${JSON.stringify(invite.body)}`);
  const accept = await api().post(
    `/api/v1/me/invitations/${invite.body.id}/accept`,
    undefined,
    user.accessToken,
  );
  if (accept.status !== 200) throw new Error(`accept: ${accept.status} ${JSON.stringify(accept.body)}`);
}

export interface RouteCall {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

/**
 * The tenant rules for admin routes of a company: anonymous 401, a member of another company 404, an
 * administrator of another provider 404, a plain member 403 (when given).
 */
export async function expectCompanyAdminGuard(
  calls: RouteCall[],
  who: { outsider: SignedUpUser; otherProviderAdmin: SignedUpUser; member?: SignedUpUser },
): Promise<void> {
  const client = api();
  for (const call of calls) {
    const send = (token?: string) => client.request(call.method, call.path, { body: call.body, token });
    expectProblem(await send(), 401, 'UNAUTHENTICATED');
    expectProblem(await send(who.outsider.accessToken), 404, 'NOT_FOUND');
    // An administrator of another provider is no one to this company (a customer of a different provider).
    expectProblem(await send(who.otherProviderAdmin.accessToken), 404, 'NOT_FOUND');
    if (who.member) expectProblem(await send(who.member.accessToken), 403, 'FORBIDDEN');
  }
}
