export * from './log-context';
export * from './logging.module';
export * from './metrics';
export * from './metrics.controller';
export * from './metrics-server';
export * from './tracing';
