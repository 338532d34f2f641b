export * from './billing-account';
