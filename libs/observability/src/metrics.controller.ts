import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics';

/** `GET /metrics` on a service's internal HTTP port (never routed through the gateway). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  metrics(): Promise<string> {
    return renderMetrics();
  }
}
