import { Injectable } from '@nestjs/common';
import { ReadRouter } from '../read-routing';

export interface OnlineCount {
  total: number;
  online: number;
}

export interface UnitTotals {
  cru: number;
  mru: number;
  hru: number;
  sru: number;
}

export interface CountryNodes {
  /** '' for nodes that reported no location. */
  country: string;
  nodes: number;
  online: number;
  /** Sums of total_resources over the online nodes. */
  online_resources: UnitTotals;
}

export interface FarmNodes {
  farm_id: number;
  name: string;
  nodes: number;
  online: number;
  online_resources: UnitTotals;
}

export interface GridSnapshot {
  /** Deleted nodes are not counted. */
  nodes: OnlineCount;
  gateways: OnlineCount;
  farms: number;
  /** Distinct non-empty countries over all (not deleted) nodes, online or not, like the reference UI. */
  countries: number;
  /** Sums of total_resources over online nodes (mru/hru/sru in GiB). */
  onlineResources: UnitTotals;
  /** workload_type → count of workloads whose next_action is deploy (3). */
  deployedByType: Map<number, number>;
  /** Most nodes first. */
  perCountry: CountryNodes[];
  /** Farms with at least one node, most nodes first. */
  perFarm: FarmNodes[];
}

interface SnapshotRow {
  nodes: { total: number; online: number; countries: number; resources: UnitTotals };
  gateways: OnlineCount;
  farms: number;
  per_country: CountryNodes[];
  per_farm: FarmNodes[];
  deployed: { type: number; count: number }[];
}

const DEPLOY = 3;

/**
 * The web page totals (directory.md §10.3, §10.7) in one statement: one round trip and one consistent
 * snapshot instead of the reference UI downloading every node, farm and gateway.
 */
const ONLINE_RESOURCES = `json_build_object(
      'cru', coalesce(sum(total_cru) FILTER (WHERE updated >= $1), 0),
      'mru', coalesce(sum(total_mru) FILTER (WHERE updated >= $1), 0),
      'hru', coalesce(sum(total_hru) FILTER (WHERE updated >= $1), 0),
      'sru', coalesce(sum(total_sru) FILTER (WHERE updated >= $1), 0))`;

const SNAPSHOT_SQL = `
SELECT
  (SELECT json_build_object(
      'total', count(*),
      'online', count(*) FILTER (WHERE updated >= $1),
      'countries', count(DISTINCT NULLIF(country, '')),
      'resources', ${ONLINE_RESOURCES})
   FROM nodes WHERE NOT deleted) AS nodes,
  (SELECT json_build_object('total', count(*), 'online', count(*) FILTER (WHERE updated >= $1)) FROM gateways) AS gateways,
  (SELECT count(*)::int FROM farms) AS farms,
  (SELECT coalesce(json_agg(json_build_object('country', country, 'nodes', n, 'online', o, 'online_resources', r)
                            ORDER BY n DESC, country), '[]')
   FROM (SELECT country, count(*) AS n, count(*) FILTER (WHERE updated >= $1) AS o, ${ONLINE_RESOURCES} AS r
         FROM nodes WHERE NOT deleted GROUP BY country) c) AS per_country,
  (SELECT coalesce(json_agg(json_build_object('farm_id', c.farm_id, 'name', coalesce(f.name, ''), 'nodes', n,
                                              'online', o, 'online_resources', r) ORDER BY n DESC, c.farm_id), '[]')
   FROM (SELECT farm_id, count(*) AS n, count(*) FILTER (WHERE updated >= $1) AS o, ${ONLINE_RESOURCES} AS r
         FROM nodes WHERE NOT deleted GROUP BY farm_id) c LEFT JOIN farms f ON f.id = c.farm_id) AS per_farm,
  (SELECT coalesce(json_agg(json_build_object('type', workload_type, 'count', n) ORDER BY workload_type), '[]')
   FROM (SELECT workload_type, count(*) AS n FROM workloads WHERE next_action = ${DEPLOY} GROUP BY workload_type) w) AS deployed`;

/** Workloads of one node per type and state, with the cloud units their pools account for them. */
export interface NodeDeploymentRow {
  type: number;
  state: number;
  count: number;
  cu: number;
  su: number;
}

@Injectable()
export class StatsRepository {
  constructor(private readonly reads: ReadRouter) {}

  /** Grid totals; a node or gateway is online when `updated >= onlineSince` (unix s). */
  async snapshot(onlineSince: number): Promise<GridSnapshot> {
    // Totals tolerate replication lag: a replica may answer (see ReadRouter).
    const [row] = await this.reads.query<SnapshotRow>(SNAPSHOT_SQL, [onlineSince]);
    const { total, online, countries, resources } = row.nodes;
    return {
      nodes: { total, online },
      gateways: row.gateways,
      farms: row.farms,
      countries,
      onlineResources: resources,
      deployedByType: new Map(row.deployed.map((d) => [d.type, d.count])),
      perCountry: row.per_country,
      perFarm: row.per_farm,
    };
  }

  /**
   * What the explorer itself knows is on a node: its workloads to deploy or to delete (the states a node
   * acts on, index workloads_node_poll), per type and state. Like the pools, negative units (the era's
   * formula gives cu = −0.25 for storage-only workloads) count as 0.
   */
  async nodeDeployments(nodeId: string): Promise<NodeDeploymentRow[]> {
    return this.reads.query<NodeDeploymentRow>(
      `SELECT workload_type AS type, next_action AS state, count(*)::int AS count,
              coalesce(sum(greatest(cu, 0)), 0)::float8 AS cu, coalesce(sum(greatest(su, 0)), 0)::float8 AS su
       FROM workloads WHERE node_id = $1 AND next_action IN (3, 4) GROUP BY workload_type, next_action ORDER BY workload_type, next_action`,
      [nodeId],
    );
  }
}
