import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { HttpSignatureError } from '@app/crypto';
import { NodeWorkRepository, WorkloadsRepository } from '@app/persistence';
import { DomainError, NextAction, nextActionName } from '@app/domain';
import { WORKLOAD_TYPE_NAMES, WorkloadType } from '@app/wire';
import { apiPaths } from '../http/routes';
import { NodeWorkNotifier } from '../node-work/node-work-notifier.service';
import { NODE_POLL_ROUTES } from '../node-work/node-poll.route';
import { PoolSweeper } from '../pools/pool-sweeper';
import { HttpMetrics } from './metrics';

/** A pool is "near empty" when it runs dry within this many seconds. */
export const NEAR_EMPTY_SECONDS = 24 * 3600;

const RESULT_ROUTES = new Set(apiPaths('reservations/nodes/:nodeId/workloads/:gwid').map((p) => `/${p}`));
const RESULT_STATES: Record<string, string> = {
  0: 'error',
  1: 'ok',
  2: 'deleted',
  error: 'error',
  ok: 'ok',
  deleted: 'deleted',
};

/** Which signature a refused request carried (the services' messages; label values stay few). */
function signatureFailureKind(error: unknown): string | null {
  if (error instanceof HttpSignatureError) return 'http';
  if (!(error instanceof DomainError)) return null;
  switch (error.message) {
    case 'failed to verify customer signature':
      return 'customer';
    case 'failed to verify signature':
      return 'sign_request';
    case 'invalid result signature':
      return 'result';
  }
  return null;
}

interface GaugeRow {
  workloads: { type: number; state: number; n: number }[];
  queue: number;
  near_empty: number;
}

// One statement per scrape, on the primary: counts of bounded label sets only.
const GAUGES_SQL = `SELECT
  (SELECT coalesce(json_agg(json_build_object('type', workload_type, 'state', next_action, 'n', n)), '[]')
     FROM (SELECT workload_type, next_action, count(*)::int AS n FROM workloads GROUP BY 1, 2) w) AS workloads,
  (SELECT count(*)::int FROM work_queue) AS queue,
  (SELECT count(*)::int FROM pools WHERE empty_at > $1 AND empty_at <= $1 + ${NEAR_EMPTY_SECONDS}) AS near_empty`;

/**
 * Database and domain metrics, gathered by observing: pool gauges and SQL counts read at scrape time,
 * timings of the named hot-path statements, and Fastify hooks on the node routes.
 */
@Injectable()
export class OperationsMetrics implements OnModuleInit {
  private readonly queryDuration: Histogram<'statement'>;
  private readonly polls: Counter<'answer' | 'wait'>;
  private readonly results: Counter<'state'>;
  private readonly signatureFailures: Counter<'kind'>;
  private readonly sweeps: Counter<'outcome'>;

  constructor(
    private readonly http: HttpMetrics,
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    const registers = [http.registry];
    this.queryDuration = new Histogram({
      name: 'explorer_db_query_duration_seconds',
      help: 'Duration of the hot-path statements by name (node poll, create), round trip included',
      labelNames: ['statement'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.polls = new Counter({
      name: 'explorer_node_polls_total',
      help: 'Node polls answered, by answer (idle: nothing to do, work) and kind (long: wait > 0)',
      labelNames: ['answer', 'wait'],
      registers,
    });
    this.results = new Counter({
      name: 'explorer_node_results_total',
      help: 'Workload results accepted from nodes, by result state',
      labelNames: ['state'],
      registers,
    });
    this.signatureFailures = new Counter({
      name: 'explorer_signature_failures_total',
      help: 'Requests refused for a bad signature, by kind (http, customer, sign_request, result)',
      labelNames: ['kind'],
      registers,
    });
    this.sweeps = new Counter({
      name: 'explorer_pool_sweeps_total',
      help: 'Pool expiry sweeps, by outcome (swept, skipped: another process holds the lock, failed)',
      labelNames: ['outcome'],
      registers,
    });
    this.gauges(registers);
  }

  onModuleInit(): void {
    this.timeStatements(this.moduleRef.get(NodeWorkRepository, { strict: false }), {
      poll: 'node_work_poll',
      sampleCeiling: 'node_work_ceiling',
      findWireByGwid: 'node_work_gwid',
    });
    this.timeStatements(this.moduleRef.get(WorkloadsRepository, { strict: false }), {
      insertCreated: 'workload_insert_created',
      createContext: 'workload_create_context',
    });
    this.observeSweeper(this.moduleRef.get(PoolSweeper, { strict: false }));
  }

  /** Counts signature failures among errors the filter maps. */
  observeError(error: unknown): void {
    const kind = signatureFailureKind(error);
    if (kind) this.signatureFailures.inc({ kind });
  }

  install(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const route = request.routeOptions.url ?? '';
      if (NODE_POLL_ROUTES.has(route) && reply.statusCode === 200) {
        const wait = Number((request.query as { wait?: string }).wait ?? 0) > 0 ? 'long' : 'short';
        this.polls.inc({ answer: payload === '[]' ? 'idle' : 'work', wait });
      } else if (RESULT_ROUTES.has(route) && request.method === 'PUT' && reply.statusCode < 300) {
        const state = (request.body as { state?: unknown } | undefined)?.state;
        this.results.inc({ state: RESULT_STATES[String(state)] ?? 'other' });
      }
      done(null, payload);
    });
  }

  private pools(): { primary: Pool; poll: Pool | null; replicas: Pool[] } {
    const driver = this.db.driver as unknown as { master: Pool; slaves: Pool[] };
    // The node poll's own pool, created on the first poll.
    const work = this.moduleRef.get(NodeWorkRepository, { strict: false }) as unknown as {
      pollPool: Pool | null;
    };
    return { primary: driver.master, poll: work.pollPool, replicas: driver.slaves ?? [] };
  }

  private gauges(registers: HttpMetrics['registry'][]): void {
    const pools = () => this.pools();
    const db = this.db;
    const notifier = () => this.moduleRef.get(NodeWorkNotifier, { strict: false });
    new Gauge({
      name: 'explorer_db_pool_connections',
      help: 'Connections of the database pools (role: primary, poll, replica; state: total, idle, waiting clients)',
      labelNames: ['role', 'state'],
      registers,
      collect() {
        const { primary, poll, replicas } = pools();
        const roles: [string, Pool[]][] = [
          ['primary', [primary]],
          ['poll', poll ? [poll] : []],
          ['replica', replicas],
        ];
        for (const [role, list] of roles) {
          if (list.length === 0) continue;
          const sum = (f: (p: Pool) => number) => list.reduce((n, p) => n + f(p), 0);
          this.set(
            { role, state: 'total' },
            sum((p) => p.totalCount),
          );
          this.set(
            { role, state: 'idle' },
            sum((p) => p.idleCount),
          );
          this.set(
            { role, state: 'waiting' },
            sum((p) => p.waitingCount),
          );
        }
      },
    });
    new Gauge({
      name: 'explorer_node_long_polls_held',
      help: 'Long polls held open by this process, waiting for work',
      registers,
      collect() {
        this.set(notifier().held);
      },
    });
    // The SQL gauges share one query per scrape. Without a database they are left out (null), so the
    // rest of /metrics, the outage counter included, can still be scraped during an outage.
    let pending: Promise<GaugeRow | null> | null = null;
    const read = () =>
      (pending ??= db
        .query(GAUGES_SQL, [Math.floor(Date.now() / 1000)])
        .then((rows: GaugeRow[]) => rows[0])
        .catch(() => null)
        .finally(() => setImmediate(() => (pending = null))));
    new Gauge({
      name: 'explorer_workloads',
      help: 'Workloads by type and state (next action)',
      labelNames: ['type', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const { type, state, n } of (await read())?.workloads ?? [])
          this.set(
            {
              type: WORKLOAD_TYPE_NAMES[type as WorkloadType] ?? 'other',
              state: nextActionName(state as NextAction),
            },
            n,
          );
      },
    });
    new Gauge({
      name: 'explorer_work_queue_depth',
      help: 'Items queued for nodes (signed deletions, results to re-deliver)',
      registers,
      async collect() {
        const row = await read();
        if (row) this.set(row.queue);
      },
    });
    new Gauge({
      name: 'explorer_pools_near_empty',
      help: `Capacity pools that run dry within ${NEAR_EMPTY_SECONDS / 3600} h`,
      registers,
      async collect() {
        const row = await read();
        if (row) this.set(row.near_empty);
      },
    });
  }

  /** The hot-path repository calls, timed under the name of their one statement: a fixed label set. */
  private timeStatements<T extends object>(
    repository: T,
    statements: Partial<Record<keyof T, string>>,
  ): void {
    const histogram = this.queryDuration;
    for (const [method, statement] of Object.entries(statements) as [keyof T, string][]) {
      const call = (repository[method] as (...args: unknown[]) => Promise<unknown>).bind(repository);
      // One label object per statement, and a plain clock: the node poll runs this on every poll.
      const labels = { statement };
      (repository as Record<keyof T, unknown>)[method] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await call(...args);
        } finally {
          histogram.observe(labels, (performance.now() - started) / 1000);
        }
      };
    }
  }

  /** The sweeper stays as it is: its one entry point is wrapped to count outcomes. */
  private observeSweeper(sweeper: PoolSweeper): void {
    const sweepOnce = sweeper.sweepOnce.bind(sweeper);
    sweeper.sweepOnce = async () => {
      try {
        const outcome = await sweepOnce();
        this.sweeps.inc({ outcome: outcome.locked ? 'swept' : 'skipped' });
        return outcome;
      } catch (error) {
        this.sweeps.inc({ outcome: 'failed' });
        throw error;
      }
    };
  }
}
