// `npm run bench`: the service's speed and memory targets, measured against a bare baseline in the same run.
import 'reflect-metadata';
import { benchCreates } from './creates';
import { benchPoll } from './poll';

function line(name: string, value: string, target: string, ok: boolean | null): void {
  const verdict = ok === null ? '' : ok ? 'ok' : 'MISSED';
  process.stdout.write(`${name.padEnd(44)} ${value.padStart(14)}   ${target.padEnd(10)} ${verdict}\n`);
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === 'creates') {
    const c = await benchCreates({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) });
    process.stdout.write('\n== signed workload creates (HTTP vs direct PostgreSQL inserts) ==\n');
    line('explorer creates/s (HTTP, signed)', c.httpPerSecond.toFixed(0), '', null);
    line('direct inserts/s (pg, one transaction each)', c.directPerSecond.toFixed(0), '', null);
    line('ratio', c.ratio.toFixed(3), '>= 0.5', c.ratio >= 0.5);
  }
  if (!only || only === 'poll') {
    const p = await benchPoll({});
    process.stdout.write('\n== node poll (1 000 000 workloads over 10 000 nodes) ==\n');
    line('explorer polls/s', String(p.explorerRps), '', null);
    line('bare Fastify + pg polls/s', String(p.baselineRps), '', null);
    line('ratio', p.ratio.toFixed(3), '>= 0.6', p.ratio >= 0.6);
    line('idle poll latency at 10 000 workloads (ms)', p.latencySmallMs.toFixed(3), '', null);
    line('idle poll latency at 1 000 000 workloads (ms)', p.latencyLargeMs.toFixed(3), '', null);
    line('latency ratio', p.latencyRatio.toFixed(3), '<= 1.3', p.latencyRatio <= 1.3);
    line('peak RSS of the explorer process (MB)', String(p.peakRssMb), '<= 250', p.peakRssMb <= 250);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
