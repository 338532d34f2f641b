export * from './snake-naming.strategy';
export * from './ensure-database';
export * from './run-migrations';
export * from './database.module';
export * from './apply-list-query';
export * from './prepared-query';
export * from './commit-listeners';
