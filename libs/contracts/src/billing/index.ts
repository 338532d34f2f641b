export * from './billing-account';
export * from './seats';
export * from './events';
export * from './plans';
export * from './subscriptions';
export * from './invoices';
export * from './payment-methods';
export * from './provider-billing';
