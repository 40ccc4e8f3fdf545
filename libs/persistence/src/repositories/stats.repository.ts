import { Injectable } from '@nestjs/common';
import { ReadRouter } from '../read-routing';

export interface OnlineCount {
  total: number;
  online: number;
}

export interface CountryNodes {
  /** '' for nodes that reported no location. */
  country: string;
  nodes: number;
  online: number;
}

export interface GridSnapshot {
  /** Deleted nodes are not counted. */
  nodes: OnlineCount;
  gateways: OnlineCount;
  farms: number;
  /** Distinct non-empty countries over all (not deleted) nodes, online or not, like the reference UI. */
  countries: number;
  /** Sums of total_resources over online nodes (mru/hru/sru in GiB). */
  onlineResources: { cru: number; mru: number; hru: number; sru: number };
  /** workload_type → count of workloads whose next_action is deploy (3). */
  deployedByType: Map<number, number>;
  /** Most nodes first. */
  perCountry: CountryNodes[];
}

interface SnapshotRow {
  nodes: {
    total: number;
    online: number;
    countries: number;
    cru: number;
    mru: number;
    hru: number;
    sru: number;
  };
  gateways: OnlineCount;
  farms: number;
  per_country: CountryNodes[];
  deployed: { type: number; count: number }[];
}

const DEPLOY = 3;

/**
 * The web page totals (directory.md §10.3, §10.7) in one statement: one round trip and one consistent
 * snapshot instead of the reference UI downloading every node, farm and gateway.
 */
const SNAPSHOT_SQL = `
SELECT
  (SELECT json_build_object(
      'total', count(*),
      'online', count(*) FILTER (WHERE updated >= $1),
      'countries', count(DISTINCT NULLIF(country, '')),
      'cru', coalesce(sum(total_cru) FILTER (WHERE updated >= $1), 0),
      'mru', coalesce(sum(total_mru) FILTER (WHERE updated >= $1), 0),
      'hru', coalesce(sum(total_hru) FILTER (WHERE updated >= $1), 0),
      'sru', coalesce(sum(total_sru) FILTER (WHERE updated >= $1), 0))
   FROM nodes WHERE NOT deleted) AS nodes,
  (SELECT json_build_object('total', count(*), 'online', count(*) FILTER (WHERE updated >= $1)) FROM gateways) AS gateways,
  (SELECT count(*)::int FROM farms) AS farms,
  (SELECT coalesce(json_agg(json_build_object('country', country, 'nodes', n, 'online', o) ORDER BY n DESC, country), '[]')
   FROM (SELECT country, count(*) AS n, count(*) FILTER (WHERE updated >= $1) AS o
         FROM nodes WHERE NOT deleted GROUP BY country) c) AS per_country,
  (SELECT coalesce(json_agg(json_build_object('type', workload_type, 'count', n) ORDER BY workload_type), '[]')
   FROM (SELECT workload_type, count(*) AS n FROM workloads WHERE next_action = ${DEPLOY} GROUP BY workload_type) w) AS deployed`;

@Injectable()
export class StatsRepository {
  constructor(private readonly reads: ReadRouter) {}

  /** Grid totals; a node or gateway is online when `updated >= onlineSince` (unix s). */
  async snapshot(onlineSince: number): Promise<GridSnapshot> {
    // Totals tolerate replication lag: a replica may answer (see ReadRouter).
    const [row] = await this.reads.query<SnapshotRow>(SNAPSHOT_SQL, [onlineSince]);
    const { total, online, countries, cru, mru, hru, sru } = row.nodes;
    return {
      nodes: { total, online },
      gateways: row.gateways,
      farms: row.farms,
      countries,
      onlineResources: { cru, mru, hru, sru },
      deployedByType: new Map(row.deployed.map((d) => [d.type, d.count])),
      perCountry: row.per_country,
    };
  }
}
