import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** Page bound of a node poll (workloads.md §7.2). */
export const NODE_POLL_LIMIT = 200;

export interface PolledWork {
  /** Ids of the rows the cursor scan returned (id order); they decide `x-last-id`. */
  scannedIds: number[];
  /** Wire JSON to send: the scanned rows, then queued workloads not already among them. */
  wires: string[];
}

/** One reading of the shared id sequence, and the oldest open transaction of this database. */
export interface CeilingSample {
  /** Highest id handed out by `reservation_id_seq` so far (0 when none). */
  allocated: number;
  /** Server clock (µs since epoch) taken after the sequence was read. */
  sampledAtMicros: number;
  /** `xact_start` (µs) of the oldest transaction open in this database, other than ours; null when none. */
  oldestOpenMicros: number | null;
}

interface PollRow {
  id: string;
  wire: string;
  queued: boolean;
}

// Cursor rows use the partial index workloads_node_poll (node_id, id) WHERE next_action IN (3, 4);
// queue rows use the work_queue primary key (node_id, ...) and the workloads key (id, workload_id,
// node_id): a legacy network's rows share one gwid across nodes. Queued items are delivered with the
// workload's current wire, and only while the node still has something to do with them.
export const NODE_POLL_SQL = `(SELECT id, wire, false AS queued FROM workloads
   WHERE node_id = $1 AND next_action IN (3, 4) AND id >= $2 ORDER BY id LIMIT ${NODE_POLL_LIMIT})
UNION ALL
(SELECT w.id, w.wire, true FROM work_queue q
   JOIN workloads w ON w.id = q.id AND w.workload_id = q.workload_id AND w.node_id = q.node_id
   WHERE q.node_id = $1 AND w.next_action IN (3, 4) ORDER BY q.id LIMIT ${NODE_POLL_LIMIT})`;

const CEILING_SQL = `SELECT
  (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM reservation_id_seq)::text AS allocated,
  (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS sampled_at,
  (SELECT (extract(epoch FROM min(xact_start)) * 1000000)::bigint::text FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL) AS oldest_open`;

/** The node poll's queries. They bypass the ORM (named prepared statements on the pg pool): polls are the bulk of the traffic. */
@Injectable()
export class NodeWorkRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // Always the primary: a replica may lag behind the committed ceiling, which would skip rows.
  private get pool(): Pool {
    return (this.db.driver as unknown as { master: Pool }).master;
  }

  async poll(nodeId: string, from: number): Promise<PolledWork> {
    const { rows } = await this.pool.query<PollRow>({
      name: 'node_work_poll',
      text: NODE_POLL_SQL,
      values: [nodeId, from],
    });
    const scannedIds: number[] = [];
    const wires: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      if (row.queued) {
        if (seen.has(row.id)) continue;
      } else {
        scannedIds.push(Number(row.id));
      }
      seen.add(row.id);
      wires.push(row.wire);
    }
    return { scannedIds, wires };
  }

  async sampleCeiling(): Promise<CeilingSample> {
    const { rows } = await this.pool.query<{
      allocated: string;
      sampled_at: string;
      oldest_open: string | null;
    }>({
      name: 'node_work_ceiling',
      text: CEILING_SQL,
    });
    const row = rows[0];
    return {
      allocated: Math.max(0, Number(row.allocated)),
      sampledAtMicros: Number(row.sampled_at),
      oldestOpenMicros: row.oldest_open === null ? null : Number(row.oldest_open),
    };
  }

  /** Current wire JSON of the workload a gwid names; null when no such workload. */
  async findWireByGwid(id: number, workloadId: number): Promise<string | null> {
    const { rows } = await this.pool.query<{ wire: string }>({
      name: 'node_work_gwid',
      // A legacy network has one row per node under the gwid: any of them answers (same state).
      text: 'SELECT wire FROM workloads WHERE id = $1 AND workload_id = $2 ORDER BY node_id LIMIT 1',
      values: [id, workloadId],
    });
    return rows[0]?.wire ?? null;
  }

  /** Connection settings of the primary, for the LISTEN client of long polls. */
  primaryUrl(): string {
    const options = this.db.options as { url?: string; replication?: { master: { url?: string } } };
    const url = options.replication?.master.url ?? options.url;
    if (!url) throw new Error('database url unknown');
    return url;
  }
}
