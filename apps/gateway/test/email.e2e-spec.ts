import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ParsedMail, simpleParser } from 'mailparser';
import { connect, NatsConnection } from 'nats';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { eventually } from '@roster/testing';
import { api, newUser, PASSWORD, platform, SignedUpUser } from './support';

const NEW_PASSWORD = 'a much longer and newer passphrase 42';

/**
 * The SMTP server integrations mails to in e2e (SMTP_URL from global-setup): the tests read the mails,
 * and the links in them, from here.
 */
describe('e-mail', () => {
  const client = api();
  const inbox: ParsedMail[] = [];
  /** SMTP answers for the next messages (e.g. a temporary failure), then acceptance. */
  /** Recipients whose next mail the server refuses with 451 (other mails in flight are unaffected). */
  const refusals: string[] = [];
  let smtp: SMTPServer;
  let nats: NatsConnection;
  let integrationsDb: Client;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const recipients = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const refused = refusals.findIndex((r) => recipients.includes(r));
        if (refused >= 0) {
          refusals.splice(refused, 1);
          stream.resume();
          stream.on('end', () =>
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 })),
          );
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            inbox.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(platform().smtpPort, '127.0.0.1', resolve));
    nats = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    integrationsDb = new Client({ connectionString: platform().env.integrations.DATABASE_URL });
    await integrationsDb.connect();
  });
  afterAll(async () => {
    await integrationsDb.end();
    await nats.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const mailTo = (address: string) =>
    eventually(
      async () =>
        inbox.find((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(address))),
      { timeoutMs: 20_000 },
    );

  /** Publishes an event as its owning context would (the test stands in for directory or billing). */
  const publish = async (type: string, tenantId: string | null, data: Record<string, unknown>) => {
    const eventId = randomUUID();
    const envelope = {
      eventId,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      tenantId,
      actor: { type: 'user', id: randomUUID() },
      correlationId: null,
      causationId: null,
      data,
    };
    const js = nats.jetstream();
    await js.publish(`${platform().runId}.${type}`, JSON.stringify(envelope), { msgID: eventId });
    return eventId;
  };

  describe('password reset', () => {
    let user: SignedUpUser;
    beforeAll(async () => {
      user = await newUser('mail-reset');
    });

    it('mails the reset link; the link resets the password; the token never reaches the log', async () => {
      expect((await client.post('/api/v1/auth/password/forgot', { email: user.email })).status).toBe(202);
      const mail = await mailTo(user.email);
      expect(mail.from?.text).toContain('no-reply@roster.test');
      expect(mail.subject).toBe('Reset your password');
      const link = /https:\/\/app\.roster\.test\/reset-password\?token=([^\s"&<]+)/.exec(mail.text ?? '');
      expect(link).not.toBeNull();
      expect(mail.html).toContain(link![0].replace(/&/g, '&#38;'));
      const token = decodeURIComponent(link![1]);

      const reset = await client.post('/api/v1/auth/password/reset', { token, newPassword: NEW_PASSWORD });
      expect(reset.status).toBe(204);
      expect(
        (await client.post('/api/v1/auth/login', { email: user.email, password: PASSWORD })).status,
      ).toBe(401);
      expect(
        (await client.post('/api/v1/auth/login', { email: user.email, password: NEW_PASSWORD })).status,
      ).toBe(200);

      // The SMTP server has the mail before integrations records it as sent: poll for that record.
      await eventually(async () => {
        const log = readFileSync(`${platform().logDir}/integrations.log`, 'utf8');
        expect(log).toContain(user.email); // the mail was logged as sent …
        expect(log).not.toContain(token); // … without the token
        // The body (with the link) is erased once sent.
        const { rows } = await integrationsDb.query(
          `SELECT status, html, text_body FROM email_outbox WHERE recipient = $1 AND kind = 'password_reset'`,
          [user.email],
        );
        expect(rows).toEqual([{ status: 'sent', html: null, text_body: null }]);
        return true;
      });
    });

    it('retries a mail the SMTP server refuses for now', async () => {
      const other = await newUser('mail-retry');
      refusals.push(other.email.toLowerCase());
      expect((await client.post('/api/v1/auth/password/forgot', { email: other.email })).status).toBe(202);
      const mail = await mailTo(other.email);
      expect(mail.subject).toBe('Reset your password');
      // Received by the SMTP server a moment before integrations commits "sent": poll for the record.
      await eventually(async () => {
        const { rows } = await integrationsDb.query(
          `SELECT status, attempts FROM email_outbox WHERE recipient = $1 AND kind = 'password_reset'`,
          [other.email],
        );
        expect(rows).toEqual([{ status: 'sent', attempts: 2 }]);
        return true;
      });
      expect(refusals).toHaveLength(0);
    });
  });

  describe('company mails, in the company’s branding', () => {
    let companyId: string;
    let owner: SignedUpUser;

    beforeAll(async () => {
      owner = await newUser('mail-owner');
      const res = await client.post('/api/v1/companies', { name: 'Brandy Ltd' }, owner.accessToken);
      expect(res.status).toBe(201);
      companyId = res.body.id;
      await publish('directory.events.company.branding_updated', companyId, {
        companyId,
        primaryColor: '#12ab34',
        logoUrl: 'https://cdn.example.com/brandy.png',
        billingEmail: 'billing@brandy.example',
        updatedAt: new Date().toISOString(),
      });
      await eventually(async () => {
        const { rows } = await integrationsDb.query(
          `SELECT name, primary_color FROM email_brands WHERE company_id = $1`,
          [companyId],
        );
        return rows[0]?.name === 'Brandy Ltd' && rows[0]?.primary_color === '#12ab34';
      });
    });

    it('mails an invitation with the accept link, the company name, colour and logo', async () => {
      const email = `invitee-${randomUUID().slice(0, 8)}@example.com`;
      await publish('directory.events.invitation.sent', companyId, {
        invitationId: randomUUID(),
        companyId,
        companyName: 'Brandy Ltd',
        email,
        role: 'member',
        token: 'inv-token-abc123',
        invitedByName: 'Ann Owner',
        resendCount: 0,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const mail = await mailTo(email);
      expect(mail.subject).toBe('You are invited to join Brandy Ltd');
      expect(mail.text).toContain('https://app.roster.test/invitations/accept?token=inv-token-abc123');
      expect(mail.text).toContain('Ann Owner invited you to join Brandy Ltd as member');
      expect(mail.html).toContain('#12ab34');
      expect(mail.html).toContain('https://cdn.example.com/brandy.png');
    });

    it('mails a verification code for an e-mail address (and none for a phone number)', async () => {
      const email = `verify-${randomUUID().slice(0, 8)}@example.com`;
      const userId = randomUUID();
      await publish('directory.events.contact_method.verification_requested', null, {
        userId,
        kind: 'phone',
        value: '+15555550100',
        code: '999999',
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      });
      await publish('directory.events.contact_method.verification_requested', null, {
        userId,
        kind: 'email',
        value: email,
        code: '482913',
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      });
      const mail = await mailTo(email);
      expect(mail.subject).toBe('Your verification code');
      expect(mail.text).toContain('Your verification code is 482913.');
      expect(inbox.some((m) => m.text?.includes('999999'))).toBe(false);
      expect(readFileSync(`${platform().logDir}/integrations.log`, 'utf8')).not.toContain('482913');
    });

    it('mails an invoice with its PDF attached', async () => {
      const pdf = Buffer.from('%PDF-1.4\n% a tiny test invoice\n%%EOF\n');
      await publish('billing.events.invoice.send_requested', companyId, {
        invoiceId: randomUUID(),
        companyId,
        to: 'billing@brandy.example',
        number: 'INV-2026-0042',
        totalMinor: 129_900,
        currency: 'EUR',
        issuedAt: '2026-11-01T00:00:00.000Z',
        pdfBase64: pdf.toString('base64'),
      });
      const mail = await mailTo('billing@brandy.example');
      expect(mail.subject).toBe('Invoice INV-2026-0042');
      expect(mail.text).toContain('€1,299.00');
      expect(mail.html).toContain('#12ab34');
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0]).toMatchObject({
        filename: 'invoice-INV-2026-0042.pdf',
        contentType: 'application/pdf',
      });
      expect(mail.attachments[0].content.equals(pdf)).toBe(true);
    });
  });
});
