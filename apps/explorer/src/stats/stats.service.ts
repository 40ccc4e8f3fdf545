import { Inject, Injectable } from '@nestjs/common';
import { StatsRepository } from '@app/persistence';
import { WORKLOAD_TYPE_NAMES, WorkloadType } from '@app/wire';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/config';
import { StatsView } from './stats.dto';

@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<StatsView> {
    const now = this.clock.now();
    const threshold = this.config.NODE_ONLINE_THRESHOLD_SECONDS;
    const s = await this.stats.snapshot(now - threshold);
    // Every known type is listed (0 when none) so the page has a stable set of tiles.
    const workloads = Object.values(WorkloadType).map((type) => [
      WORKLOAD_TYPE_NAMES[type],
      s.deployedByType.get(type) ?? 0,
    ]);
    return {
      generated_at: now,
      online_threshold_seconds: threshold,
      nodes: s.nodes,
      gateways: s.gateways,
      farms: s.farms,
      countries: s.countries,
      online_resources: s.onlineResources,
      workloads_deployed: Object.fromEntries(workloads),
      nodes_per_country: s.perCountry,
    };
  }
}
