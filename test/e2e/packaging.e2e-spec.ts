import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { AppConfig, loadConfig } from '../../apps/explorer/src/config/config';

const ROOT = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions per stage (continuation lines joined, comments dropped). */
function dockerStages(text: string): { from: string; name: string | null; steps: Instruction[] }[] {
  const stages: { from: string; name: string | null; steps: Instruction[] }[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const line of lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (!op) throw new Error(`not an instruction: ${line}`);
    if (op.toUpperCase() === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ from: image, name: name ?? null, steps: [] });
    } else {
      if (stages.length === 0) throw new Error(`${op} before FROM`);
      stages.at(-1)!.steps.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

describe('container packaging', () => {
  const pkg = JSON.parse(read('package.json')) as {
    scripts: Record<string, string>;
    engines: { node: string };
  };

  describe('Dockerfile', () => {
    const stages = dockerStages(read('Dockerfile'));
    const build = stages[0];
    const runtime = stages.at(-1)!;
    const steps = (op: string) => runtime.steps.filter((s) => s.op === op).map((s) => s.args);

    it('builds in one stage and runs from a second, with the Node.js major of .nvmrc', () => {
      expect(stages.length).toBeGreaterThanOrEqual(2);
      expect(build.name).toBeTruthy();
      const major = read('.nvmrc').trim();
      for (const stage of stages) expect(stage.from).toMatch(new RegExp(`^node:${major}-.*slim$`));
      expect(build.steps.some((s) => s.op === 'RUN' && /npm run build/.test(s.args))).toBe(true);
      expect(steps('COPY').some((a) => new RegExp(`--from=${build.name} \\S*/dist`).test(a))).toBe(true);
    });

    it('the runtime stage installs production dependencies only and runs as a non-root user', () => {
      expect(steps('RUN').some((a) => /npm ci\b.*--omit=dev/.test(a))).toBe(true);
      expect(steps('RUN').some((a) => /npm (install|i)\b/.test(a))).toBe(false);
      const user = steps('USER');
      expect(user).toHaveLength(1);
      expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
      expect(runtime.steps.findIndex((s) => s.op === 'USER')).toBeGreaterThan(
        runtime.steps.findIndex((s) => s.op === 'RUN'),
      );
    });

    it('starts what `npm start` starts, with the same flags and environment settings, and checks /health', () => {
      const cmd = JSON.parse(steps('CMD')[0]) as string[];
      const [, settings, command] = /^((?:\w+=\S+ )*)(.*)$/.exec(pkg.scripts.start)!;
      expect(cmd.join(' ')).toBe(command);
      const env = steps('ENV').join(' ').split(/\s+/);
      for (const setting of settings.split(' ').filter(Boolean)) expect(env).toContain(setting);
      expect(steps('HEALTHCHECK')[0]).toMatch(/CMD .*\/health/);
      expect(steps('EXPOSE')).toContain(String(new AppConfig().PORT));
    });
  });

  describe('compose.yaml', () => {
    type Service = {
      image?: string;
      build?: unknown;
      environment?: Record<string, string>;
      volumes?: string[];
      depends_on?: Record<string, { condition: string }>;
      healthcheck?: { test: string[] };
      ports?: string[];
    };
    const compose = load(read('compose.yaml')) as {
      services: Record<string, Service>;
      volumes: Record<string, unknown>;
    };
    const { explorer, postgres } = compose.services;

    it('keeps PostgreSQL data in a named volume and reports its health', () => {
      expect(postgres.image).toMatch(/^postgres:\d+/);
      const volume = postgres
        .volumes!.map((v) => v.split(':'))
        .find(([, path]) => path === '/var/lib/postgresql/data');
      expect(volume).toBeDefined();
      expect(Object.keys(compose.volumes)).toContain(volume![0]);
      expect(postgres.healthcheck!.test.join(' ')).toMatch(/pg_isready/);
    });

    it('builds the explorer from the Dockerfile and starts it once the database is healthy', () => {
      expect(explorer.build).toBe('.');
      expect(explorer.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
      expect(explorer.ports).toContain(`${new AppConfig().PORT}:${new AppConfig().PORT}`);
    });

    it("the explorer's settings are valid and point at the database service with its credentials", () => {
      const env = explorer.environment!;
      expect(() => loadConfig(env)).not.toThrow();
      for (const key of Object.keys(env)) expect(Object.keys(new AppConfig())).toContain(key);
      const url = new URL(env.DATABASE_URL);
      const pg = postgres.environment!;
      expect(url.hostname).toBe('postgres');
      expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    });
  });
});
