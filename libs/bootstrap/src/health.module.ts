import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HEALTH_CHECKS_DATABASE, HealthController } from './health.controller';

@Module({})
export class HealthModule {
  static forRoot(options: { database: boolean }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_CHECKS_DATABASE, useValue: options.database }],
    };
  }
}
