export * from './limits';
export * from './profile';
export * from './company';
export * from './events';
export * from './members';
export * from './org';
export * from './org.events';
export * from './audit-log';
