import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PlainText } from '../http/raw-json';
import { HttpMetrics } from './metrics';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(HttpMetrics) private readonly metrics: HttpMetrics) {}

  /** Prometheus text exposition. */
  @Get()
  async scrape(): Promise<PlainText> {
    return new PlainText(await this.metrics.registry.metrics(), this.metrics.registry.contentType);
  }
}
