import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestApp, TestRequest, TestResponse } from './app';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/explorer/src/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build` unless dist is newer than every source file (one build per run, not per test file). */
export function buildExplorer(): string {
  const sources = Math.max(...['apps', 'libs', 'migrations'].map((d) => newestSource(join(ROOT, d))));
  const built = (() => {
    try {
      return statSync(MAIN).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built < sources) {
    const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`build failed: ${res.stdout}${res.stderr}`);
  }
  return MAIN;
}

/** One `node dist/.../main.js` process, as an operator starts it, with its output kept. */
export class ExplorerProcess {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [buildExplorer()], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((done) => this.child.once('exit', (code) => done(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Output lines; JSON lines parsed. */
  get lines(): { level?: number; msg?: string; raw: string }[] {
    return this.output
      .split('\n')
      .filter(Boolean)
      .map((raw) => {
        try {
          return { ...(JSON.parse(raw) as { level?: number; msg?: string }), raw };
        } catch {
          return { raw };
        }
      });
  }

  /** Resolves with the first line matching, rejects when the process exits first or after `ms`. */
  async waitFor(pattern: RegExp, ms = 60_000): Promise<string> {
    const deadline = Date.now() + ms;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const line = this.lines.find((l) => pattern.test(l.msg ?? l.raw));
      if (line) return line.msg ?? line.raw;
      if (exited || Date.now() > deadline)
        throw new Error(`no line matching ${pattern} (${exited ? 'exited' : 'timed out'}):\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The port it listens on, from its start-up line. */
  async started(): Promise<string> {
    const line = await this.waitFor(/ listening on http:\/\//);
    return `http://127.0.0.1:${/:(\d+);/.exec(line)![1]}`;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** The TestApp request surface over real HTTP, for fixtures that take a TestApp. */
export function httpTarget(baseUrl: string | (() => string)): TestApp {
  const base = typeof baseUrl === 'string' ? () => baseUrl : baseUrl;
  const request = async ({ method, url, body, headers }: TestRequest): Promise<TestResponse> => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(`${base()}${url}`, {
      method,
      body: payload,
      headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      text,
      json: <T>() => JSON.parse(text) as T,
    };
  };
  return { request } as unknown as TestApp;
}
