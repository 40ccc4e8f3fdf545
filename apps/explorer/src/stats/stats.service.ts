import { Inject, Injectable } from '@nestjs/common';
import { StatsRepository } from '@app/persistence';
import { NextAction } from '@app/domain';
import { WORKLOAD_TYPE_NAMES, WORKLOAD_TYPES, WorkloadType } from '@app/wire';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/config';
import { NodeDeploymentsView, StatsView } from './stats.dto';

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
    const workloads = WORKLOAD_TYPES.map((type) => [
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
      nodes_per_farm: s.perFarm,
    };
  }

  async nodeDeployments(nodeId: string): Promise<NodeDeploymentsView> {
    const rows = await this.stats.nodeDeployments(nodeId);
    const active = rows.filter((r) => r.state === NextAction.Deploy);
    return {
      node_id: nodeId,
      workloads: rows.map((r) => ({
        type: WORKLOAD_TYPE_NAMES[r.type as WorkloadType] ?? String(r.type),
        state: r.state === NextAction.Deploy ? 'deploy' : 'delete',
        count: r.count,
        cu: r.cu,
        su: r.su,
      })),
      active_cu: active.reduce((sum, r) => sum + r.cu, 0),
      active_su: active.reduce((sum, r) => sum + r.su, 0),
    };
  }
}
