import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { run } from '../../apps/cli/src/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: <T = unknown>() => T;
}

const ROOT = join(__dirname, '../..');
export const CLI_BIN = join(ROOT, 'apps/cli/bin/explorer.js');

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

const result = (code: number, stdout: string, stderr: string): CliResult => ({
  code,
  stdout,
  stderr,
  json: <T>() => JSON.parse(stdout) as T,
});

/** The CLI's `run()` in this process (same parsing, commands and exit codes as the bin, no process start-up). */
export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const out = collector();
  const err = collector();
  const code = await run(args, { stdout: out.stream, stderr: err.stream, env: { ...env } });
  return result(code, out.text(), err.text());
}

export interface RunningCli {
  /** Standard output so far. */
  output: () => string;
  done: Promise<CliResult>;
}

/** The real `explorer` bin in a child process (launcher, TypeScript from source, exit status). */
export function cliProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  let stdout = '';
  const done = new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        EXPLORER_CLI_FROM_SOURCE: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve(result(code ?? -1, stdout, stderr)));
  });
  return { output: () => stdout, done };
}
