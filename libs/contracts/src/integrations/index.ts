export * from './integrations-tenant';
export * from './psa-ticket';
export * from './webhooks';
export * from './recipes';
