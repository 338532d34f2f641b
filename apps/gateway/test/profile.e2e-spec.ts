import { randomUUID } from 'node:crypto';
import { newProfiledUser, outboxEvents, withDirectoryDb } from './people-support';
import { api, expectProblem, SignedUpUser } from './support';

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a', 'hex'),
  Buffer.from('0000000d49484452', 'hex'),
  Buffer.alloc(32, 7),
]);

describe('profile, picture and contact methods through the gateway', () => {
  const client = api();
  let jane: SignedUpUser;

  beforeAll(async () => {
    jane = await newProfiledUser('jane');
  });

  const putPicture = (body: Buffer | string, contentType: string, token: string | null = jane.accessToken) =>
    fetch(`${process.env.E2E_GATEWAY_URL}/api/v1/me/picture`, {
      method: 'PUT',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('GET /me gives the profile; PATCH sets names (display name follows), locale, phone, public flag', async () => {
    const before = await client.get('/api/v1/me', jane.accessToken);
    expect(before.body).toMatchObject({
      userId: jane.userId,
      email: jane.email,
      displayName: jane.email.split('@')[0],
      firstName: null,
      lastName: null,
      locale: null,
      phone: null,
      publicProfile: false,
      hasPicture: false,
    });
    const updated = await client.patch(
      '/api/v1/me',
      { firstName: ' Jane ', lastName: 'Doe', locale: 'en-US', phone: '+15551234567', publicProfile: true },
      jane.accessToken,
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      displayName: 'Jane Doe',
      locale: 'en-US',
      phone: '+15551234567',
      publicProfile: true,
    });
    const lastOnly = await client.patch('/api/v1/me', { firstName: null }, jane.accessToken);
    expect(lastOnly.body).toMatchObject({
      firstName: null,
      lastName: 'Doe',
      displayName: 'Doe',
      locale: 'en-US',
    });
    const cleared = await client.patch('/api/v1/me', { lastName: '' }, jane.accessToken);
    expect(cleared.body.displayName).toBe(jane.email.split('@')[0]);
  });

  it('400 for a bad locale, phone, unknown field or too-long name', async () => {
    for (const body of [
      { locale: 'english!' },
      { phone: '555-1234' },
      { email: 'x@y.z' },
      { firstName: 'x'.repeat(101) },
      { publicProfile: 'yes' },
    ]) {
      const field = Object.keys(body)[0];
      const res = await client.patch('/api/v1/me', body, jane.accessToken);
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([
        expect.objectContaining({ field }),
      ]);
    }
  });

  it('public profiles are readable by signed-in users; private ones are 404', async () => {
    const viewer = await newProfiledUser('viewer');
    await client.patch('/api/v1/me', { firstName: 'Jane', publicProfile: true }, jane.accessToken);
    const seen = await client.get(`/api/v1/users/${jane.userId}/profile`, viewer.accessToken);
    expect(seen.body).toEqual({
      userId: jane.userId,
      displayName: 'Jane',
      firstName: 'Jane',
      lastName: null,
      hasPicture: expect.any(Boolean),
    });
    expect(seen.body.email).toBeUndefined();
    expectProblem(await client.get(`/api/v1/users/${viewer.userId}/profile`, jane.accessToken), 404);
    expectProblem(await client.get(`/api/v1/users/${randomUUID()}/profile`, jane.accessToken), 404);
    expectProblem(await client.get(`/api/v1/users/${jane.userId}/profile`), 401);
  });

  it('stores and serves a picture; only image types (415), at most the size limit (413)', async () => {
    expect((await putPicture(PNG, 'image/png')).status).toBe(204);
    const got = await fetch(`${process.env.E2E_GATEWAY_URL}/api/v1/me/picture`, {
      headers: { authorization: `Bearer ${jane.accessToken}` },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await client.get('/api/v1/me', jane.accessToken)).body.hasPicture).toBe(true);

    const tooBig = await putPicture(Buffer.concat([PNG, Buffer.alloc(300 * 1024)]), 'image/png');
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
    const text = await putPicture('<svg onload="alert(1)"/>', 'image/svg+xml');
    expect(text.status).toBe(415);
    const lying = await putPicture('<html>not a png</html>', 'image/png');
    expect(lying.status).toBe(415);
    expect((await putPicture(PNG, 'image/png', null)).status).toBe(401);
    // The refused uploads left the stored picture alone.
    const still = await fetch(`${process.env.E2E_GATEWAY_URL}/api/v1/me/picture`, {
      headers: { authorization: `Bearer ${jane.accessToken}` },
    });
    expect(Buffer.from(await still.arrayBuffer()).equals(PNG)).toBe(true);

    // Others see it while the profile is public.
    const viewer = await newProfiledUser('picture-viewer');
    await client.patch('/api/v1/me', { publicProfile: true }, jane.accessToken);
    const theirs = await fetch(`${process.env.E2E_GATEWAY_URL}/api/v1/users/${jane.userId}/picture`, {
      headers: { authorization: `Bearer ${viewer.accessToken}` },
    });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await theirs.arrayBuffer()).equals(PNG)).toBe(true);
    await client.patch('/api/v1/me', { publicProfile: false }, jane.accessToken);
    expectProblem(await client.get(`/api/v1/users/${jane.userId}/picture`, viewer.accessToken), 404);
    expectProblem(await client.get(`/api/v1/users/${jane.userId}/picture`), 401);

    expect((await client.delete('/api/v1/me/picture', jane.accessToken)).status).toBe(204);
    expectProblem(await client.get('/api/v1/me/picture', jane.accessToken), 404);
  });

  const codeFor = async (userId: string, value: string) => {
    const events = await outboxEvents(
      'directory.events.contact_method.verification_requested',
      (d: any) => d.userId === userId && d.value === value,
    );
    return events[events.length - 1].data.code as string;
  };

  it('labelled e-mail addresses: a code is sent, a wrong code is 422, the right one verifies', async () => {
    const user = await newProfiledUser('emails');
    const work = `work-${user.email}`;
    const added = await client.post(
      '/api/v1/me/emails',
      { label: 'work', value: work.toUpperCase() },
      user.accessToken,
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'email', label: 'work', value: work, verified: false });
    const [event] = await outboxEvents(
      'directory.events.contact_method.verification_requested',
      (d: any) => d.value === work,
    );
    expect(event.data).toMatchObject({
      userId: user.userId,
      kind: 'email',
      value: work,
      code: expect.stringMatching(/^\d{6}$/),
    });
    expectProblem(
      await client.post('/api/v1/me/emails', { label: 'work', value: `x-${work}` }, user.accessToken),
      409,
    );
    expectProblem(
      await client.post('/api/v1/me/emails', { label: 'home', value: 'not-an-email' }, user.accessToken),
      400,
    );

    const code = await codeFor(user.userId, work);
    const wrong = code === '000000' ? '111111' : '000000';
    expectProblem(
      await client.post('/api/v1/me/emails/work/verify', { code: wrong }, user.accessToken),
      422,
      'UNPROCESSABLE',
    );
    expectProblem(await client.post('/api/v1/me/emails/work/verify', { code: 'abc' }, user.accessToken), 400);
    const ok = await client.post('/api/v1/me/emails/work/verify', { code }, user.accessToken);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ label: 'work', verified: true, verifiedAt: expect.any(String) });
    const list = await client.get('/api/v1/me/emails', user.accessToken);
    expect(list.body.items).toEqual([expect.objectContaining({ label: 'work', verified: true })]);
    expectProblem(await client.post('/api/v1/me/emails/work/send-code', undefined, user.accessToken), 409);
  });

  it('the last verified phone number cannot be removed (409); unverified ones can; codes expire (410)', async () => {
    const user = await newProfiledUser('phones');
    await client.post('/api/v1/me/phones', { label: 'mobile', value: '+32470123456' }, user.accessToken);
    expectProblem(
      await client.post('/api/v1/me/phones', { label: 'desk', value: '0470 12' }, user.accessToken),
      400,
    );
    const code = await codeFor(user.userId, '+32470123456');
    expect((await client.post('/api/v1/me/phones/mobile/verify', { code }, user.accessToken)).status).toBe(
      200,
    );
    expectProblem(await client.delete('/api/v1/me/phones/mobile', user.accessToken), 409, 'CONFLICT');

    await client.post('/api/v1/me/phones', { label: 'desk', value: '+3221234567' }, user.accessToken);
    // A fresh code replaces the first one.
    const first = await codeFor(user.userId, '+3221234567');
    const resent = await client.post('/api/v1/me/phones/desk/send-code', undefined, user.accessToken);
    expect(resent.status).toBe(202);
    const second = await codeFor(user.userId, '+3221234567');
    if (first !== second)
      expectProblem(
        await client.post('/api/v1/me/phones/desk/verify', { code: first }, user.accessToken),
        422,
      );
    expect(
      (await client.post('/api/v1/me/phones/desk/verify', { code: second }, user.accessToken)).status,
    ).toBe(200);
    // Two verified: one may go, the last may not.
    expect((await client.delete('/api/v1/me/phones/mobile', user.accessToken)).status).toBe(204);
    expectProblem(await client.delete('/api/v1/me/phones/desk', user.accessToken), 409);

    await client.post('/api/v1/me/phones', { label: 'old', value: '+3221111111' }, user.accessToken);
    const expired = await codeFor(user.userId, '+3221111111');
    await withDirectoryDb((db) =>
      db.query(
        `UPDATE contact_methods SET code_expires_at = now() - interval '1 second' WHERE user_id = $1 AND label = 'old'`,
        [user.userId],
      ),
    );
    expectProblem(
      await client.post('/api/v1/me/phones/old/verify', { code: expired }, user.accessToken),
      410,
      'GONE',
    );
    expect((await client.delete('/api/v1/me/phones/old', user.accessToken)).status).toBe(204);
    expectProblem(await client.delete('/api/v1/me/phones/nope', user.accessToken), 404);
  });

  it('after too many wrong codes even the right one is refused (410) until a new code is sent', async () => {
    const user = await newProfiledUser('guesser');
    await client.post('/api/v1/me/emails', { label: 'alt', value: `alt-${user.email}` }, user.accessToken);
    const code = await codeFor(user.userId, `alt-${user.email}`);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      expectProblem(
        await client.post('/api/v1/me/emails/alt/verify', { code: wrong }, user.accessToken),
        422,
      );
    expectProblem(await client.post('/api/v1/me/emails/alt/verify', { code }, user.accessToken), 410, 'GONE');
    expect((await client.post('/api/v1/me/emails/alt/send-code', undefined, user.accessToken)).status).toBe(
      202,
    );
    const fresh = await codeFor(user.userId, `alt-${user.email}`);
    expect(
      (await client.post('/api/v1/me/emails/alt/verify', { code: fresh }, user.accessToken)).status,
    ).toBe(200);
  });

  it('contact methods are per user, and need a sign-in', async () => {
    const other = await newProfiledUser('other');
    expect((await client.get('/api/v1/me/emails', other.accessToken)).body.items).toEqual([]);
    expectProblem(await client.get('/api/v1/me/emails'), 401);
    expectProblem(await client.post('/api/v1/me/phones', { label: 'x', value: '+15550000000' }), 401);
    expectProblem(await client.get('/api/v1/me/faxes', other.accessToken), 404);
    expectProblem(await client.patch('/api/v1/me', { firstName: 'X' }), 401);
  });
});
