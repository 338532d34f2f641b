export * from './jwks-key-store';
export * from './actor';
export * from './access-token';
export * from './secret-cipher';
export * from './secret-hash';
