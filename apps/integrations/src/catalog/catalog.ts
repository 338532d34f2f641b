import type { CatalogEntry } from '@roster/contracts';

const COMPANY = '/api/v1/companies/{companyId}';
const PROVIDER = '/api/v1/providers/{providerId}';

/** What a company (and, for routes under the company, a provider) can connect; static, the same for everyone. */
const ENTRIES: CatalogEntry[] = [
  {
    type: 'connectwise',
    kind: 'psa',
    name: 'ConnectWise Manage',
    description:
      'Map companies to ConnectWise companies and agreements, sync seats to agreement additions, open tickets for alerts.',
    connect: {
      method: 'POST',
      path: `${COMPANY}/integrations/connectwise`,
      fields: ['url', 'companyId', 'publicKey', 'privateKey', 'clientId?'],
    },
  },
  {
    type: 'autotask',
    kind: 'psa',
    name: 'Autotask PSA',
    description:
      'Map companies to Autotask companies and contracts, sync seats to contract services, open tickets for alerts.',
    connect: {
      method: 'POST',
      path: `${COMPANY}/integrations/autotask`,
      fields: ['url', 'username', 'secret', 'integrationCode?'],
    },
  },
  {
    type: 'syncro',
    kind: 'psa',
    name: 'Syncro',
    description:
      'Map companies to Syncro customers, sync seats to recurring schedule line items, open tickets for alerts.',
    connect: {
      method: 'POST',
      path: `${COMPANY}/integrations/syncro`,
      fields: ['subdomain', 'apiToken', 'url?'],
    },
  },
  {
    type: 'webhooks',
    kind: 'webhook',
    name: 'Webhooks',
    description:
      'Signed (Standard Webhooks) HTTP callbacks for platform events, with retries and a delivery log.',
    connect: {
      method: 'POST',
      path: `${COMPANY}/webhooks`,
      fields: ['url', 'eventTypes?', 'description?', 'active?'],
    },
  },
  {
    type: 'smtp',
    kind: 'email',
    name: 'E-mail (SMTP)',
    description: 'Invitations, password resets, verification codes and invoices, branded per company.',
    connect: { method: 'POST', path: '/api/v1/integrations/email', fields: [] },
  },
  {
    type: 'microsoft365',
    kind: 'oauth',
    name: 'Microsoft 365',
    description: 'Connect by granting access in Microsoft; activation returns the authorization URL.',
    connect: {
      method: 'POST',
      path: `${COMPANY}/integrations/oauth/microsoft365/activate`,
      fields: ['redirectUri'],
    },
  },
  {
    type: 'google-workspace',
    kind: 'oauth',
    name: 'Google Workspace',
    description: 'Connect by granting access in Google; activation returns the authorization URL.',
    connect: {
      method: 'POST',
      path: `${COMPANY}/integrations/oauth/google-workspace/activate`,
      fields: ['redirectUri'],
    },
  },
  {
    type: 'slack',
    kind: 'oauth',
    name: 'Slack',
    description: 'Connect by installing the Slack app; activation returns the authorization URL.',
    connect: {
      method: 'POST',
      path: `${COMPANY}/integrations/oauth/slack/activate`,
      fields: ['redirectUri'],
    },
  },
];

/** Routes under a company exist under a provider too (integrations and webhooks of an MSP). */
export const CATALOG: CatalogEntry[] = ENTRIES.map((entry) =>
  entry.connect.path.startsWith(COMPANY)
    ? { ...entry, connect: { ...entry.connect, providerPath: entry.connect.path.replace(COMPANY, PROVIDER) } }
    : entry,
);
