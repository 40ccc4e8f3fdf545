// `npm run bench [creates|poll|delivery|pool|grid|mixed]`: the service's speed and memory targets, each measured
// against a baseline in the same run. Sizes and durations: see docs/performance.md (BENCH_* variables).
import 'reflect-metadata';
import { benchCreates } from './creates';
import { benchDelivery } from './delivery';
import { benchGrid, benchMixed, Percentiles, ScenarioResult } from './grid';
import { benchPool } from './pool';
import { benchPoll } from './poll';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

function line(name: string, value: string | number, target: string, ok: boolean | null): void {
  const verdict = ok === null ? '' : ok ? 'ok' : 'MISSED';
  process.stdout.write(
    `${name.padEnd(52)} ${String(value).padStart(14)}   ${target.padEnd(10)} ${verdict}\n`,
  );
}

const section = (title: string) => process.stdout.write(`\n== ${title} ==\n`);

const ms = (p: Percentiles) => `${p.p50Ms} / ${p.p99Ms}`;

/** Rates asked and achieved, CPU split and memory of a grid-like run. */
function scenarioLines(r: ScenarioResult): void {
  const rate = (what: string, asked: number, got: number) =>
    line(`${what}/s: asked / achieved`, `${asked} / ${got}`, '>= 0.95', got >= 0.95 * asked);
  if (r.askedPollsPerSecond === null)
    line('polls/s (long polls, answered per delivery)', r.pollsPerSecond, '', null);
  else rate('polls', r.askedPollsPerSecond, r.pollsPerSecond);
  rate('creates', r.askedCreatesPerSecond, r.createsPerSecond);
  line('results/s (nodes answering their deploys)', r.resultsPerSecond, '', null);
  line('failed calls', r.failed, '0', r.failures.length === 0);
  for (const failure of r.failures.slice(0, 5)) process.stdout.write(`  ${failure.slice(0, 200)}\n`);
  line(`idle poll p50 / p99 ms (${r.idlePoll.count})`, ms(r.idlePoll), '', null);
  line(
    `long poll: create 201 -> answer, p50 / p99 ms (${r.longPollDelivery.count})`,
    ms(r.longPollDelivery),
    '',
    null,
  );
  line(`create p50 / p99 ms (${r.create.count})`, ms(r.create), '', null);
  line(`result PUT p50 / p99 ms (${r.result.count})`, ms(r.result), '', null);
  const calls = r.pollsPerSecond + r.createsPerSecond + r.resultsPerSecond;
  const perCall = (cores: number) => ((cores * 1000) / calls).toFixed(2);
  line('explorer CPU (cores)', r.explorerCores, '', null);
  const pg = r.postgresCores;
  line('PostgreSQL CPU, bench database backends (cores)', pg ? pg.database : 'n/a', '', null);
  line(
    'CPU ms per call (polls, creates, results): explorer / PG',
    `${perCall(r.explorerCores)} / ${pg ? perCall(pg.database) : 'n/a'}`,
    '',
    null,
  );
  line('PostgreSQL CPU, server processes, shared (cores)', pg ? pg.server : 'n/a', '', null);
  line('load generators CPU (cores)', r.loadCores, '', null);
  line('explorer peak RSS (MB)', r.peakRssMb, '<= 150', r.peakRssMb <= 150);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const seconds = env('BENCH_SECONDS', 4);
  const rounds = env('BENCH_ROUNDS', 3);
  if (!only || only === 'creates') {
    const c = await benchCreates({ durationSeconds: seconds * 2 });
    section('signed workload creates (HTTP vs the explorer insert statement sent directly)');
    line('explorer creates/s (HTTP, signed)', c.httpPerSecond.toFixed(0), '', null);
    line('create floor/s (bare Fastify + pg, same checks)', c.floorPerSecond.toFixed(0), '', null);
    line('its insert statement over pg, one round trip/s', c.directPerSecond.toFixed(0), '', null);
    line('ratio', c.ratio.toFixed(3), '>= 0.6', c.ratio >= 0.6);
    line('floor / insert statement', (c.floorPerSecond / c.directPerSecond).toFixed(3), '', null);
    line('explorer / floor', (c.httpPerSecond / c.floorPerSecond).toFixed(3), '', null);
  }
  if (!only || only === 'poll') {
    const steps = (process.env.BENCH_STEPS ?? '10000,100000,1000000').split(',').map(Number);
    if (process.env.BENCH_3M === '1') steps.push(3_000_000);
    const p = await benchPoll({
      steps,
      throughputAt: 1_000_000,
      nodes: env('BENCH_NODES', 10_000),
      durationSeconds: seconds,
      latencySeconds: Math.max(1, seconds / 2),
      rounds,
      connections: 32,
    });
    section(`node poll (${steps.join(' / ')} workloads over ${env('BENCH_NODES', 10_000)} nodes)`);
    line('idle polls/s: explorer', p.idle.explorer, '', null);
    line('idle polls/s: one indexed probe on one table, bare', p.idle.baseline, '', null);
    line('idle poll ratio', p.idle.ratio, '>= 0.9', p.idle.ratio >= 0.9);
    line(
      'idle poll CPU µs/poll (Node side): explorer / baseline',
      `${p.idle.explorerCpuMicros} / ${p.idle.baselineCpuMicros}`,
      '',
      null,
    );
    line('boot polls/s (from=0, 150 items): explorer', p.boot.explorer, '', null);
    line('boot polls/s: same baseline', p.boot.baseline, '', null);
    line('boot poll ratio', p.boot.ratio, '', null);
    line(
      'boot poll CPU µs/poll (Node side): explorer / baseline',
      `${p.boot.explorerCpuMicros} / ${p.boot.baselineCpuMicros}`,
      '',
      null,
    );
    for (const g of p.growth) {
      line(
        `idle poll p50 ms at ${g.workloads}: explorer / baseline`,
        `${g.explorerMs} / ${g.baselineMs}`,
        '',
        null,
      );
    }
    line('idle poll latency, largest / smallest step', p.growthRatio, '<= 1.3', p.growthRatio <= 1.3);
    line('explorer RSS at start (MB)', p.startRssMb, '', null);
    line('explorer peak RSS incl. boot polls (MB)', p.peakRssMb, '<= 150', p.peakRssMb <= 150);
  }
  if (!only || only === 'delivery') {
    const d = await benchDelivery({
      nodes: env('BENCH_DELIVERY_NODES', 200),
      createsPerSecond: env('BENCH_DELIVERY_RATE', 20),
      seconds: seconds * 2,
      held: env('BENCH_HELD', 10_000),
    });
    section(
      `long-poll delivery (${env('BENCH_DELIVERY_NODES', 200)} nodes on wait=30, ${env('BENCH_DELIVERY_RATE', 20)} creates/s)`,
    );
    line('workloads created / delivered', `${d.created} / ${d.delivered}`, '', d.created === d.delivered);
    line('create 201 -> node receives, p50 ms', d.p50Ms, '', null);
    line('create 201 -> node receives, p99 ms', d.p99Ms, '< 50', d.p99Ms < 50);
    line('polls per delivered workload', d.pollsPerDelivery, '<= 2', d.pollsPerDelivery <= 2);
    line('explorer CPU share during delivery (cores)', d.explorerCpuShare, '', null);
    line(`explorer RSS per held long poll, ${d.held} held (KB)`, d.heldKbEach, '<= 8', d.heldKbEach <= 8);
    line(`bare node:http RSS per held request, ${d.floorHeld} held (KB)`, d.floorKbEach, '', null);
    line('explorer peak RSS (MB)', d.peakRssMb, '<= 150', d.peakRssMb <= 150);
  }
  if (!only || only === 'pool') {
    const p = await benchPool({ small: 10, large: 10_000, seconds, rounds });
    section('pool scale (a node result and its deletion: charge + release, one transaction each)');
    line(`charge+release/s, pool charging ${p.small}`, p.smallPerSecond, '', null);
    line(`charge+release/s, pool charging ${p.large}`, p.largePerSecond, '', null);
    line('ratio', p.ratio, '>= 0.9', p.ratio >= 0.9);
  }
  if (!only || only === 'grid') {
    const nodes = env('BENCH_GRID_NODES', 10_000);
    const g = await benchGrid({
      nodes,
      customers: env('BENCH_GRID_CUSTOMERS', 20),
      longShare: env('BENCH_GRID_LONG', 0.2),
      createsPerSecond: env('BENCH_GRID_RATE', 200),
      seconds: env('BENCH_GRID_SECONDS', 60),
    });
    section(
      `grid (${nodes} nodes every 10 s, ${env('BENCH_GRID_LONG', 0.2) * 100} % on wait=10, ` +
        `${env('BENCH_GRID_RATE', 200)} creates/s over ${env('BENCH_GRID_CUSTOMERS', 20)} customers, results; ${g.seconds} s)`,
    );
    scenarioLines(g);
  }
  if (!only || only === 'mixed') {
    const m = await benchMixed({
      nodes: env('BENCH_MIXED_NODES', 100),
      createsPerSecond: env('BENCH_MIXED_RATE', 50),
      seconds: env('BENCH_MIXED_SECONDS', 300),
      windowSeconds: env('BENCH_MIXED_WINDOW', 30),
    });
    section(
      `one pool, mixed (${env('BENCH_MIXED_RATE', 50)} creates/s + results, ${env('BENCH_MIXED_NODES', 100)} nodes on wait=30; ${m.seconds} s)`,
    );
    scenarioLines(m);
    line('create p99 ms', m.create.p99Ms, '< 50', m.create.p99Ms < 50);
    line('result PUT p99 ms', m.result.p99Ms, '< 50', m.result.p99Ms < 50);
    for (const w of m.windows)
      line(
        `  from ${w.fromSecond} s: create / result p99 ms`,
        `${w.create.p99Ms} / ${w.result.p99Ms}`,
        '',
        null,
      );
    line('create p99 flatness, last / first window', m.createFlatness, '<= 1.3', m.createFlatness <= 1.3);
    line('result p99 flatness, last / first window', m.resultFlatness, '<= 1.3', m.resultFlatness <= 1.3);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
