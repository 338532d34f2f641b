import { invitationMail, invoiceMail, passwordResetMail, verificationCodeMail } from './templates';

const brand = { name: 'Acme <Corp>', primaryColor: '#ff0000', logoUrl: 'https://cdn.example.com/logo.png' };

describe('mail templates', () => {
  it('brands the invitation with the company colour, logo and name, escaping HTML', () => {
    const mail = invitationMail(brand, {
      companyName: 'ignored',
      invitedByName: 'Ann',
      role: 'admin',
      acceptUrl: 'https://app.example.com/invitations/accept?token=abc&x=1',
      expiresAt: '2026-01-01T00:00:00Z',
    });
    expect(mail.subject).toBe('You are invited to join Acme <Corp>');
    expect(mail.html).toContain('#ff0000');
    expect(mail.html).toContain('https://cdn.example.com/logo.png');
    expect(mail.html).toContain('Acme &#60;Corp&#62;');
    expect(mail.html).not.toContain('<Corp>');
    expect(mail.html).toContain('token=abc&#38;x=1');
    expect(mail.text).toContain('https://app.example.com/invitations/accept?token=abc&x=1');
  });

  it('falls back to the default look for an unsafe colour or logo', () => {
    const mail = passwordResetMail(
      { name: null, primaryColor: 'red;background:url(x)', logoUrl: 'javascript:alert(1)' },
      { resetUrl: 'https://app/reset?token=t', expiresAt: 'soon' },
    );
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('url(x)');
    expect(mail.text).toContain('https://app/reset?token=t');
  });

  it('puts the code in the verification mail and the total in the invoice mail', () => {
    expect(verificationCodeMail(brand, { code: '123456', expiresAt: 'x' }).text).toContain('123456');
    expect(
      invoiceMail(brand, {
        number: 'INV-1',
        totalMinor: 12345,
        currency: 'EUR',
        issuedAt: '2026-02-03T00:00:00Z',
      }).text,
    ).toContain('€123.45');
  });
});
