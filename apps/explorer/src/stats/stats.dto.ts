import { ApiProperty } from '@nestjs/swagger';

export class OnlineCountView {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'updated within NODE_ONLINE_THRESHOLD_SECONDS' }) online!: number;
}

export class OnlineResourcesView {
  @ApiProperty({ description: 'logical CPUs' }) cru!: number;
  @ApiProperty({ description: 'GiB' }) mru!: number;
  @ApiProperty({ description: 'GiB' }) hru!: number;
  @ApiProperty({ description: 'GiB' }) sru!: number;
}

export class CountryNodesView {
  @ApiProperty({ description: '"" when the nodes reported no location' }) country!: string;
  @ApiProperty() nodes!: number;
  @ApiProperty() online!: number;
  @ApiProperty({ type: OnlineResourcesView, description: 'sum of total_resources over its online nodes' })
  online_resources!: OnlineResourcesView;
}

export class FarmNodesView {
  @ApiProperty() farm_id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() nodes!: number;
  @ApiProperty() online!: number;
  @ApiProperty({ type: OnlineResourcesView, description: 'sum of total_resources over its online nodes' })
  online_resources!: OnlineResourcesView;
}

/** GET /stats: the web page totals (directory.md §10.3), computed in SQL. */
export class StatsView {
  @ApiProperty({ description: 'unix seconds of the snapshot' }) generated_at!: number;
  @ApiProperty() online_threshold_seconds!: number;
  @ApiProperty({ type: OnlineCountView, description: 'deleted nodes excluded' }) nodes!: OnlineCountView;
  @ApiProperty({ type: OnlineCountView }) gateways!: OnlineCountView;
  @ApiProperty() farms!: number;
  @ApiProperty({ description: 'distinct countries of all nodes, online or not' }) countries!: number;
  @ApiProperty({ type: OnlineResourcesView, description: 'sum of total_resources over online nodes' })
  online_resources!: OnlineResourcesView;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'workloads in state deploy, by type name (every type present)',
    example: { zdb: 0, container: 2 },
  })
  workloads_deployed!: Record<string, number>;
  @ApiProperty({ type: [CountryNodesView], description: 'most nodes first' })
  nodes_per_country!: CountryNodesView[];
  @ApiProperty({ type: [FarmNodesView], description: 'farms with nodes, most nodes first' })
  nodes_per_farm!: FarmNodesView[];
}

export class NodeDeploymentView {
  @ApiProperty({ description: 'workload type name' }) type!: string;
  @ApiProperty({ description: 'deploy or delete' }) state!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'compute units per second their pools account for' }) cu!: number;
  @ApiProperty({ description: 'storage units per second their pools account for' }) su!: number;
}

/** GET /nodes/{node_id}/deployments: the explorer's own view of a node, beside what the node reports. */
export class NodeDeploymentsView {
  @ApiProperty() node_id!: string;
  @ApiProperty({ type: [NodeDeploymentView], description: 'workloads to deploy or delete on the node' })
  workloads!: NodeDeploymentView[];
  @ApiProperty({ description: 'sum of cu over the workloads in state deploy' }) active_cu!: number;
  @ApiProperty({ description: 'sum of su over the workloads in state deploy' }) active_su!: number;
}
