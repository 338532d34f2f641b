export * from './integrations-tenant';
