import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ConfigClass } from './load-config';

/**
 * Makes already-validated config objects injectable by their class: `constructor(private config: AuthConfig)`.
 * `main.ts` loads them first (so a bad variable stops the process before anything connects).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(configs: Array<[ConfigClass<object>, object]>): DynamicModule {
    // A config is also injectable by each class it extends (`ServiceConfig`, `NatsConfig`), so shared
    // libs ask for the slice they need without knowing the app's class.
    const byToken = new Map<ConfigClass<object>, object>();
    for (const [cls, value] of configs) {
      for (
        let c: unknown = cls;
        typeof c === 'function' && c !== Object && c.prototype;
        c = Object.getPrototypeOf(c)
      ) {
        if (!byToken.has(c as ConfigClass<object>)) byToken.set(c as ConfigClass<object>, value);
      }
    }
    const providers = [...byToken].map(([provide, useValue]) => ({ provide, useValue }));
    return { module: ConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
