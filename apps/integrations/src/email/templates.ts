/** The company look of a mail: from directory's CompanyCreated/Updated (name) and CompanyBrandingUpdated. */
export interface Brand {
  name: string | null;
  primaryColor: string | null;
  logoUrl: string | null;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export const DEFAULT_COLOR = '#2f54eb';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function safeColor(color: string | null): string {
  return color && /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : DEFAULT_COLOR;
}

function safeLogo(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** One layout for every mail: the brand's logo, name and colour around paragraphs and an optional button. */
function layout(
  brand: Brand,
  heading: string,
  paragraphs: string[],
  action?: { label: string; url: string },
): { html: string; text: string } {
  const color = safeColor(brand.primaryColor);
  const logo = safeLogo(brand.logoUrl);
  const sender = brand.name ?? 'Roster';
  const html = [
    '<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222">',
    `<div style="border-top:6px solid ${color};padding:24px;max-width:560px">`,
    logo ? `<img src="${escapeHtml(logo)}" alt="${escapeHtml(sender)}" style="max-height:48px">` : '',
    `<h1 style="color:${color};font-size:20px">${escapeHtml(heading)}</h1>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    action
      ? `<p><a href="${escapeHtml(action.url)}" style="background:${color};color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>` +
        `<p style="font-size:12px">${escapeHtml(action.url)}</p>`
      : '',
    `<p style="font-size:12px;color:#888">${escapeHtml(sender)}</p>`,
    '</div></body></html>',
  ].join('');
  const text = [
    heading,
    '',
    ...paragraphs,
    ...(action ? ['', `${action.label}: ${action.url}`] : []),
    '',
    `— ${sender}`,
  ].join('\n');
  return { html, text };
}

export function invitationMail(
  brand: Brand,
  v: {
    companyName: string;
    invitedByName: string | null;
    role: string;
    acceptUrl: string;
    expiresAt: string;
  },
): RenderedMail {
  const company = brand.name ?? v.companyName;
  const subject = `You are invited to join ${company}`;
  return {
    subject,
    ...layout(
      { ...brand, name: company },
      subject,
      [
        `${v.invitedByName ?? 'An administrator'} invited you to join ${company} as ${v.role}.`,
        `The invitation expires at ${v.expiresAt}.`,
      ],
      { label: 'Accept the invitation', url: v.acceptUrl },
    ),
  };
}

export function passwordResetMail(brand: Brand, v: { resetUrl: string; expiresAt: string }): RenderedMail {
  const subject = 'Reset your password';
  return {
    subject,
    ...layout(
      brand,
      subject,
      [
        'Someone (hopefully you) asked to reset the password of your account.',
        `The link works once and expires at ${v.expiresAt}. If you did not ask for it, ignore this mail.`,
      ],
      { label: 'Choose a new password', url: v.resetUrl },
    ),
  };
}

export function verificationCodeMail(brand: Brand, v: { code: string; expiresAt: string }): RenderedMail {
  const subject = 'Your verification code';
  return {
    subject,
    ...layout(brand, subject, [
      `Your verification code is ${v.code}.`,
      `It expires at ${v.expiresAt}. If you did not add this address, ignore this mail.`,
    ]),
  };
}

export function invoiceMail(
  brand: Brand,
  v: { number: string; totalMinor: number; currency: string; issuedAt: string },
): RenderedMail {
  const amount = new Intl.NumberFormat('en', { style: 'currency', currency: v.currency }).format(
    v.totalMinor / 100,
  );
  const subject = `Invoice ${v.number}`;
  return {
    subject,
    ...layout(brand, subject, [
      `Invoice ${v.number} of ${v.issuedAt.slice(0, 10)} is attached (total ${amount}).`,
    ]),
  };
}

/** A recipe's own mail: its subject and body, with the company's look. */
export function recipeMail(brand: Brand, v: { subject: string; body: string }): RenderedMail {
  return { subject: v.subject, ...layout(brand, v.subject, v.body.split(/\n{2,}/)) };
}
