import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../../apps/explorer/src/database/free-port';

/**
 * Throw-away PostgreSQL clusters from the machine's server binaries (Debian's postgresql package:
 * pg_basebackup must come from the same major version as the server it copies). Run as the `postgres`
 * user when the tests run as root.
 */
export function systemPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) =>
      ['postgres', 'initdb', 'pg_basebackup', 'pg_ctl'].every((b) => existsSync(join(root, v, 'bin', b))),
    )
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  return { uid, gid };
}

export class Cluster {
  constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
    private readonly password: string | null,
  ) {}

  url(database = 'postgres', user = 'postgres', password = this.password): string {
    return `postgres://${user}${password ? `:${password}` : ''}@127.0.0.1:${this.port}/${database}`;
  }

  pgctl(...args: string[]): void {
    execFileSync(join(this.bin, 'pg_ctl'), ['-D', this.dir, ...args], { ...runAs(), stdio: 'ignore' });
  }

  start(): void {
    this.pgctl(
      '-w',
      '-l',
      join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off`,
      'start',
    );
  }

  stop(): void {
    this.pgctl('-m', 'fast', '-w', 'stop');
  }

  remove(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    // The cluster's folder sits in a temporary folder of its own.
    rmSync(dirname(this.dir), { recursive: true, force: true });
  }
}

function ownedTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const { uid, gid } = runAs();
  if (uid !== undefined) chownSync(dir, uid, gid!);
  return dir;
}

/** A new primary; `password` turns on scram-sha-256 for TCP logins (trust otherwise). */
export async function startPrimary(bin: string, password: string | null = null): Promise<Cluster> {
  const dir = ownedTempDir('explorer-pg-primary-');
  const args = ['-D', join(dir, 'data'), '-U', 'postgres', '--no-sync', '--auth-local=trust'];
  if (password) {
    const pwfile = join(dir, 'pw');
    writeFileSync(pwfile, password);
    const { uid, gid } = runAs();
    if (uid !== undefined) chownSync(pwfile, uid, gid!);
    args.push('--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  } else args.push('--auth-host=trust');
  execFileSync(join(bin, 'initdb'), args, { ...runAs(), stdio: 'ignore' });
  const cluster = new Cluster(join(dir, 'data'), await freePort(), bin, password);
  cluster.start();
  return cluster;
}

/** A streaming replica of `primary`, made as an operator would: `pg_basebackup -R`, then started. */
export async function startReplica(bin: string, primary: Cluster): Promise<Cluster> {
  const dir = join(ownedTempDir('explorer-pg-replica-'), 'data');
  execFileSync(
    join(bin, 'pg_basebackup'),
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      dir,
      '-R',
      '-X',
      'stream',
      // An immediate checkpoint: the default spread one can take minutes.
      '--checkpoint=fast',
      '--no-sync',
    ],
    { ...runAs(), stdio: 'ignore' },
  );
  const replica = new Cluster(dir, await freePort(), bin, null);
  replica.start();
  return replica;
}
