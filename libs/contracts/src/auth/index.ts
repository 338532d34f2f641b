export * from './limits';
export * from './register-user';
export * from './token-pair';
export * from './login';
export * from './refresh';
export * from './logout';
export * from './get-jwks';
export * from './user-registered.event';
