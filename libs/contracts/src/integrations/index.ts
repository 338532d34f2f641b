export * from './integrations-tenant';
export * from './psa-ticket';
export * from './psa';
export * from './webhooks';
export * from './recipes';
