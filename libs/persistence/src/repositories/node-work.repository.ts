import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, PoolConfig } from 'pg';
import { DataSource } from 'typeorm';

/** Page bound of a node poll (workloads.md §7.2). */
export const NODE_POLL_LIMIT = 200;

/** A candidate item of a node poll, at its position (see `pollPage`). */
export interface PolledItem {
  position: number;
  /** `<id>-<workload id>`: the workload it delivers. */
  key: string;
  wire: string;
}

export interface PolledWork {
  /** The node's workloads in deploy/delete with id >= from (position = id), id order, at most NODE_POLL_LIMIT. */
  cursor: { rows: PolledItem[]; full: boolean };
  /** Its queue items (re)queued at a position >= from, position order, at most NODE_POLL_LIMIT. */
  queue: { rows: PolledItem[]; full: boolean };
}

/** One reading of the shared id sequence, and the oldest open transaction of this database. */
export interface CeilingSample {
  /** Highest id handed out by `reservation_id_seq` so far (0 when none). */
  allocated: number;
  /** Server clock (µs since epoch) taken after the sequence was read. */
  sampledAtMicros: number;
  /**
   * `xact_start` (µs) of the oldest transaction open in this database by a client, other than ours; null
   * when none. Autovacuum workers take no ids, and one vacuuming a large table held the ceiling (and
   * long polls waiting for it) back for seconds.
   */
  oldestOpenMicros: number | null;
}

/** A poll waiting for the answer of the batch it joined. */
interface WaitingPoll {
  nodeId: string;
  from: number;
  resolve(work: PolledWork): void;
  reject(error: unknown): void;
}

interface PollRow {
  /** 1-based index of the poll in its batch. */
  poll: string;
  position: string;
  id: string;
  workload_id: string;
  wire: string;
  queued: boolean;
}

// For each polling node (the arrays $1, $2: node id and `from`, one element per poll), two index range
// scans in position order from its `from`: the partial index workloads_node_poll (node_id, id) WHERE
// next_action IN (3, 4), and work_queue_position (node_id, position). An idle node's poll is one probe of
// each that finds nothing; the queue side looks up only the rows it found, by (node_id, id), an exact
// match of either index whatever the statistics say (rows derived from a multi-workload reservation
// share a gwid across nodes: the node id is part of the match). Queued items carry the workload's
// current wire, and only while the node still has something to do. `poll` numbers each row's poll.
export const NODE_POLL_SQL = `SELECT p.poll, s.position, s.id, s.workload_id, s.wire, s.queued
FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS p(node_id, from_id, poll)
CROSS JOIN LATERAL (
  (SELECT id AS position, id, workload_id, wire, false AS queued FROM workloads
     WHERE node_id = p.node_id AND next_action IN (3, 4) AND id >= p.from_id ORDER BY id LIMIT ${NODE_POLL_LIMIT})
  UNION ALL
  (SELECT q.position, w.id, w.workload_id, w.wire, true FROM work_queue q
     JOIN workloads w ON w.node_id = p.node_id AND w.id = q.id AND w.workload_id = q.workload_id AND w.next_action IN (3, 4)
     WHERE q.node_id = p.node_id AND q.position >= p.from_id ORDER BY q.position LIMIT ${NODE_POLL_LIMIT})
) s`;

/** Most polls answered by one execution of NODE_POLL_SQL (which bounds its result: 2 × 200 rows a poll). */
export const NODE_POLL_BATCH = 16;

function fail(batch: WaitingPoll[], error: unknown): void {
  for (const poll of batch) poll.reject(error);
}

/** Hands each poll of a batch its rows (NODE_POLL_SQL numbers them by poll, each side in position order). */
function deliver(batch: WaitingPoll[], rows: PollRow[]): void {
  const found = batch.map(() => ({ cursor: [] as PolledItem[], queue: [] as PolledItem[] }));
  for (const row of rows) {
    const work = found[Number(row.poll) - 1];
    const item = { position: Number(row.position), key: `${row.id}-${row.workload_id}`, wire: row.wire };
    (row.queued ? work.queue : work.cursor).push(item);
  }
  batch.forEach((poll, i) => {
    const { cursor, queue } = found[i];
    poll.resolve({
      cursor: { rows: cursor, full: cursor.length === NODE_POLL_LIMIT },
      queue: { rows: queue, full: queue.length === NODE_POLL_LIMIT },
    });
  });
}

export const CEILING_SQL = `SELECT
  (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM reservation_id_seq)::text AS allocated,
  (extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text AS sampled_at,
  (SELECT (extract(epoch FROM min(xact_start)) * 1000000)::bigint::text FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
       AND backend_type = 'client backend') AS oldest_open`;

/**
 * Session settings of the poll pool. A generic plan, so the poll is planned once per session; and no
 * sequential scan or sort, so that plan is the two index probes whatever the statistics say (a table
 * analysed while empty would otherwise get a scan plan that stays cached while the table grows).
 * Only the poll path's statements run on these sessions; each has an index that answers it. No JIT:
 * a disabled plan node carries a huge cost estimate (the ceiling's read of the one-row sequence is a
 * sequential scan), and past `jit_above_cost` PostgreSQL compiles the statement on every execution,
 * 100+ ms for a query that runs in 0.1 ms.
 */
export const POLL_SESSION_OPTIONS =
  '-c plan_cache_mode=force_generic_plan -c enable_seqscan=off -c enable_sort=off -c jit=off';

/**
 * The node poll's queries, on a pool of their own (named prepared statements, no ORM): polls are the
 * bulk of the traffic. Its sessions run with `plan_cache_mode = force_generic_plan`: PostgreSQL would
 * otherwise re-plan the poll on every call (a custom plan looks cheaper for a cursor past the last id),
 * and planning costs several times the two index probes. The generic plan is the right one for every
 * `from` (see NODE_POLL_SQL and POLL_SESSION_OPTIONS). Always the primary: a replica may lag behind the committed ceiling,
 * which would skip rows.
 */
@Injectable()
export class NodeWorkRepository implements OnModuleDestroy {
  private readonly logger = new Logger(NodeWorkRepository.name);
  private pollPool: Pool | null = null;
  /** The polls that wait for a poll connection, to go out together when the pool hands one over. */
  private forming: WaitingPoll[] | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get pool(): Pool {
    if (!this.pollPool) {
      // The app pool's settings (acquire and statement timeouts), on connections of our own.
      const extra = (this.db.options as { extra?: PoolConfig }).extra ?? {};
      const shared = extra.max ?? 10;
      this.pollPool = new Pool({
        ...extra,
        connectionString: this.primaryUrl(),
        // Polls are short: half the app pool's connections serve them (at least two).
        max: Math.max(2, Math.ceil(shared / 2)),
        options: POLL_SESSION_OPTIONS,
      });
      // An idle connection that drops is replaced on the next poll; the failing poll answers 503.
      this.pollPool.on('error', (error) => this.logger.debug(`poll connection lost: ${error.message}`));
    }
    return this.pollPool;
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pollPool;
    if (pool && !pool.ended) await pool.end();
  }

  /**
   * The node's work from `from`. A poll asks the pool for a connection; the polls that arrive before
   * the pool hands it over join it (at most NODE_POLL_BATCH), and all go out as one execution. An
   * unhurried poll goes alone, as soon as the pool has a free connection; under load, while every
   * connection is busy, the waiting polls share one round trip, which spares each most of a round
   * trip's work in this process. Each poll keeps its own `from` and gets its own rows; the execution's
   * snapshot is taken after every one of them read the committed ceiling. The acquire timeout counts
   * from the batch's first poll.
   */
  poll(nodeId: string, from: number): Promise<PolledWork> {
    return new Promise((resolve, reject) => {
      const poll = { nodeId, from, resolve, reject };
      if (this.forming !== null && this.forming.length < NODE_POLL_BATCH) this.forming.push(poll);
      else this.formBatch(poll);
    });
  }

  private formBatch(first: WaitingPoll): void {
    const pool = this.pool;
    const batch = [first];
    this.forming = batch;
    // Callbacks, as pool.query uses them: the promise forms of connect and query raised the peak RSS
    // of the boot-poll benchmark by about 100 MB. (An ended pool calls back at once.)
    pool.connect((connectError, client, release) => {
      if (this.forming === batch) this.forming = null;
      if (connectError || !client) return fail(batch, connectError);
      let released = false;
      const finish = (error: Error | undefined) => {
        if (released) return false;
        released = true;
        client.removeListener('error', finish);
        release(error);
        if (error) fail(batch, error);
        return !error;
      };
      // A connection lost mid-statement is also emitted on the client.
      client.once('error', finish);
      client.query<PollRow>(
        {
          name: 'node_work_poll',
          text: NODE_POLL_SQL,
          values: [batch.map((poll) => poll.nodeId), batch.map((poll) => poll.from)],
        },
        (queryError, result) => {
          if (finish(queryError ?? undefined)) deliver(batch, result.rows);
        },
      );
    });
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
