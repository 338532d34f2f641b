import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorFunction,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { NatsConnectionService } from '@roster/messaging';
import { Public } from '@roster/security';

export const HEALTH_CHECKS_DATABASE = Symbol('HEALTH_CHECKS_DATABASE');

/** An app may provide more readiness checks under this token (the gateway: signing keys loaded). */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/**
 * Kubernetes probes. Liveness says the process can serve at all; readiness says its dependencies
 * (NATS, and the database for a context service) answer, so traffic should come here.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly nats: NatsConnectionService,
    @Inject(HEALTH_CHECKS_DATABASE) private readonly checksDatabase: boolean,
    private readonly moduleRef: ModuleRef,
    @Optional() private readonly db?: TypeOrmHealthIndicator,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const checks: HealthIndicatorFunction[] = [
      () => {
        const nats = this.indicators.check('nats');
        return this.nats.isUp ? nats.up() : nats.down('not connected');
      },
    ];
    if (this.checksDatabase && this.db) checks.push(() => this.db!.pingCheck('database', { timeout: 1500 }));
    checks.push(...this.extraChecks());
    return this.health.check(checks);
  }

  private extraChecks(): HealthIndicatorFunction[] {
    try {
      return this.moduleRef.get<HealthIndicatorFunction[]>(READINESS_CHECKS, { strict: false });
    } catch {
      return [];
    }
  }
}
