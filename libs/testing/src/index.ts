export * from './run-id';
export * from './test-database';
export * from './nats-cleanup';
export * from './eventually';
export * from './api-client';
export * from './tokens';
export * from './platform';
export * from './test-env';
