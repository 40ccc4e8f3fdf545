import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExplorerClient, NodeIdentity } from '@app/client';
import { keyPairFromSeed } from '@app/crypto';
import { startTestApp, TestApp } from '../setup/app';
import { listen } from '../setup/listening';
import { SimulatedNode, Transport } from '../sim/node-simulator';
import { cli, cliProcess, CliResult, startCli } from './cli-harness';

interface Farm {
  id: number;
  require_farmer_signature: boolean;
}
interface Workload {
  id: number;
  next_action: number;
}

/** The "done when" story of the CLI: customer and farmer, a farm that requires farmer signatures, a node. */
describe('explorer CLI: a whole story against the booted app', () => {
  let t: TestApp;
  let url: string;
  let dir: string;
  let sim: SimulatedNode;
  let polling = true;
  let simLoop: Promise<void>;
  const nodeSeed = new Uint8Array(32).map((_, i) => i + 40);
  const node = new NodeIdentity(nodeSeed);

  const as = (who: string) => ({ EXPLORER_URL: url, EXPLORER_IDENTITY: join(dir, `${who}.json`) });
  const customer = (...args: string[]) => cli(args, as('customer'));
  const farmer = (...args: string[]) => cli(args, as('farmer'));
  const ok = (r: CliResult): CliResult => {
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
    return r;
  };

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    dir = mkdtempSync(join(tmpdir(), 'cli-story-'));
  });
  afterAll(async () => {
    polling = false;
    await simLoop;
    await t.close();
  });

  it('customer and farmer create and register identities; the secret is never printed', async () => {
    for (const [who, run] of [
      ['customer', customer],
      ['farmer', farmer],
    ] as const) {
      ok(await run('identity', 'new'));
      const seed = (JSON.parse(readFileSync(join(dir, `${who}.json`), 'utf8')) as { seed: string }).seed;
      const registered = ok(
        await run('--json', 'user', 'register', '--name', `${who}.story`, '--email', `${who}@example.com`),
      );
      expect(registered.json()).toMatchObject({ name: `${who}.story`, email: `${who}@example.com` });
      const shown = ok(await run('identity', 'show'));
      expect(shown.stdout).toMatch(/tid\s+\d+/);
      for (const output of [registered.stdout, shown.stdout, shown.stderr])
        expect(output).not.toContain(seed);
    }
    expect((await customer('identity', 'new')).code).toBe(2);
  });

  it('the farmer registers a farm that requires farmer signatures; a simulated node registers and polls', async () => {
    const farm = ok(
      await farmer(
        '--json',
        'farm',
        'register',
        '--name',
        'story-farm',
        '--wallet',
        'TFT:GSTORY',
        '--country',
        'Belgium',
        '--city',
        'Ghent',
        '--require-farmer-signature',
      ),
    ).json<Farm>();
    expect(farm.require_farmer_signature).toBe(true);

    const client = new ExplorerClient(url);
    await client.registerNode(node, {
      farm_id: farm.id,
      os_version: 'v2.0.0',
      location: { country: 'Belgium', city: 'Ghent' },
    });
    await client.reportCapacity(node, { capacity: { cru: 4, mru: 16, hru: 500, sru: 100 } });
    await client.reportUptime(node, 120);
    const transport: Transport = async (r) => {
      const res = await fetch(url + r.url, { method: r.method, headers: r.headers, body: r.body });
      return { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() };
    };
    sim = new SimulatedNode(keyPairFromSeed(nodeSeed), transport);
    simLoop = (async () => {
      while (polling) await sim.pollOnce(1);
    })();

    const listed = ok(await customer('node', 'list', '--farm', String(farm.id), '--country', 'Belgium'));
    expect(listed.stdout).toContain(node.nodeId);
    expect(listed.stdout).toContain('online');
    expect(ok(await customer('node', 'show', node.nodeId)).stdout).toMatch(/farm\s+\d+/);
    const farms = ok(await customer('--json', 'farm', 'list', '--name', 'story-farm')).json<Farm[]>();
    expect(farms.map((f) => f.id)).toEqual([farm.id]);
  });

  it('the customer funds a pool, creates a workload and watches it while the farmer signs and the node reports', async () => {
    const pool = ok(
      await customer(
        '--json',
        'pool',
        'create',
        '--nodes',
        node.nodeId,
        '--cu-hours',
        '100',
        '--su-hours',
        '100',
      ),
    ).json<{ pool_id: number }>();
    const spec = join(dir, 'volume.yaml');
    writeFileSync(
      spec,
      `node_id: ${node.nodeId}\npool_id: ${pool.pool_id}\nsize: 2\ndescription: story volume\n`,
    );
    const created = ok(
      await customer('--json', 'workload', 'create', 'volume', '--file', spec, '--disk-type', 'hdd'),
    );
    const { reservation_id: id, workload } = created.json<{
      reservation_id: number;
      workload: Workload & { size: number; type: number };
    }>();
    expect(workload).toMatchObject({ next_action: 1, size: 2, type: 0 });

    // The real bin in its own process, following the workload while the others act.
    const watching = startCli(['workload', 'watch', String(id), '--timeout', '50'], as('customer'));
    await waitUntil(async () => watching.output().includes('waiting for the farmer'));
    const farmId = ok(await farmer('--json', 'farm', 'list', '--mine')).json<Farm[]>()[0].id;
    const pending = ok(await farmer('--json', 'farm', 'pending', String(farmId))).json<Workload[]>();
    expect(pending.map((w) => w.id)).toEqual([id]);
    ok(await farmer('farm', 'sign', String(id)));

    const watched = await watching.done;
    expect(watched.stderr).toBe('');
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/created → sign {2}\(created by tid:\d+\)/);
    expect(watched.stdout).toMatch(/waiting for the farmer \(tid \d+\) of farm \d+ "story-farm" to sign/);
    expect(watched.stdout).toMatch(/sign → deploy {2}\(farmer_signed by tid:\d+\)/);
    expect(watched.stdout).toMatch(/waiting for the node's result \(node last reported \d+s ago\)/);
    expect(watched.stdout).toMatch(/deployed: workload \d+ is deploy, result ok/);
    expect(sim.deployed.has(`${id}-1`)).toBe(true);

    const shown = ok(await customer('workload', 'show', String(id)));
    expect(shown.stdout).toMatch(/result\s+ok/);
    expect(ok(await customer('workload', 'list', '--mine', '--state', 'deploy')).stdout).toContain('volume');
  });

  it('the customer deletes it and watches it until deleted; history tells the whole story', async () => {
    const [w] = ok(await customer('--json', 'workload', 'list', '--mine')).json<Workload[]>();
    ok(await customer('workload', 'sign-delete', String(w.id)));
    const watched = await customer('--json', 'workload', 'watch', String(w.id), '--timeout', '30');
    expect(watched.code).toBe(0);
    const events = watched.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; outcome?: string });
    expect(events[events.length - 1]).toMatchObject({ event: 'settled', outcome: 'deleted' });
    const history = ok(await customer('--json', 'workload', 'history', String(w.id))).json<
      { to: number }[]
    >();
    expect(history.map((h) => h.to)).toEqual([1, 3, 4, 6]);
    expect(sim.deployed.has(`${w.id}-1`)).toBe(false);
  });

  it('creates all ten workload types from flags', async () => {
    const pool = ok(await customer('-q', 'pool', 'list'))
      .stdout.trim()
      .split('\n')[0];
    const flags: Record<string, string[]> = {
      volume: ['--size', '3', '--disk-type', 'ssd'],
      zdb: ['--size', '3', '--mode', 'user', '--password', 'pw', '--public'],
      container: [
        '--flist',
        'https://hub.example.com/app.flist',
        '--cpu',
        '1',
        '--memory',
        '512',
        '--env',
        'A=1',
        '--mount',
        'v1:/data',
        '--network',
        'net:10.1.1.5',
      ],
      kubernetes: ['--size', '1', '--network-id', 'net', '--ip', '10.1.1.6', '--ssh-key', 'ssh-ed25519 AAA'],
      proxy: ['--domain', 'p.example.com', '--addr', '10.1.1.7', '--port', '80', '--port-tls', '443'],
      reverse_proxy: ['--domain', 'r.example.com', '--secret', 's3cret'],
      subdomain: ['--domain', 's.example.com', '--ip', '10.1.1.8', '--ip', '10.1.1.9'],
      domain_delegate: ['--domain', 'd.example.com'],
      gateway4to6: ['--public-key', 'wgkey'],
      network_resource: [
        '--name',
        'net',
        '--network-iprange',
        '10.1.0.0/16',
        '--iprange',
        '10.1.1.0/24',
        '--wg-listen-port',
        '6000',
      ],
    };
    for (const [type, typeFlags] of Object.entries(flags)) {
      const created = ok(
        await customer(
          '--json',
          'workload',
          'create',
          type,
          '--node',
          node.nodeId,
          '--pool',
          pool,
          ...typeFlags,
        ),
      );
      const { workload } = created.json<{ workload: Record<string, unknown> }>();
      expect([type, workload.next_action]).toEqual([type, 1]);
      if (type === 'container')
        expect(workload).toMatchObject({
          environment: { A: '1' },
          capacity: { cpu: 1, memory: 512, disk_size: 256, disk_type: 1 },
          volumes: [{ volume_id: 'v1', mountpoint: '/data' }],
        });
      if (type === 'subdomain') expect(workload.ips).toEqual(['10.1.1.8', '10.1.1.9']);
    }
    const listed = ok(
      await customer('--json', 'workload', 'list', '--mine', '--type', 'network_resource'),
    ).json<Workload[]>();
    expect(listed).toHaveLength(1);
  });

  it('exit codes scripts can rely on', async () => {
    const pool = ok(await customer('--json', 'pool', 'list')).json<{ pool_id: number }[]>()[0].pool_id;
    // Distinct sizes: the same signed body in the same second would be the same workload.
    const zdb = async (size: number) =>
      ok(
        await customer(
          '-q',
          'workload',
          'create',
          'zdb',
          '--node',
          node.nodeId,
          '--pool',
          String(pool),
          '--size',
          String(size),
        ),
      ).stdout.trim();
    const id = await zdb(1);
    ok(await farmer('farm', 'refuse', id));
    expect((await customer('workload', 'watch', id)).code).toBe(6);

    const timedOut = await customer('workload', 'watch', await zdb(2), '--timeout', '1');
    expect(timedOut.code).toBe(7);
    expect(timedOut.stderr).toMatch(/timed out: .* waiting for the farmer/);

    expect((await customer('workload', 'show', '99999')).code).toBe(4);
    expect((await customer('workload', 'sign-delete', id)).code).toBe(3);
    expect(
      (
        await customer(
          'workload',
          'create',
          'volume',
          '--node',
          node.nodeId,
          '--pool',
          String(pool),
          '--size',
          '1',
          '--delete-signers',
          'x',
        )
      ).stderr,
    ).toMatch(/expected a non-negative integer/);
    expect(
      (await customer('workload', 'create', 'volume', '--node', node.nodeId, '--pool', String(pool))).stderr,
    ).toMatch(/volume needs --size/);
    expect((await customer('workload', 'show', 'abc')).code).toBe(2);
    expect((await customer('nonsense')).code).toBe(2);
    expect((await cli(['--url', 'http://127.0.0.1:1', 'node', 'list'])).code).toBe(5);
    const bin = await cliProcess(['--json', 'workload', 'show', '99999'], as('customer'));
    expect(bin.code).toBe(4);
    expect(bin.stderr).toMatch(/404/);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
