export * from './billing-account';
export * from './seats';
export * from './events';
