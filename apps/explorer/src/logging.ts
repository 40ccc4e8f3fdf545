import type { LoggerService } from '@nestjs/common';
import pino, { Logger as PinoLogger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { AppConfig } from './config/config';

/** Nest's own boot chatter (module wiring, one line per route): useful when debugging, noise otherwise. */
const FRAMEWORK_CONTEXTS = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/** The process's one pino logger: human lines on a terminal (or LOG_FORMAT=pretty), JSON otherwise. */
export function createRootLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>): PinoLogger {
  const pretty =
    config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && process.stdout.isTTY === true);
  const options = { level: config.LOG_LEVEL, redact: ['req.headers.authorization'] };
  if (!pretty) return pino(options);
  // Loaded only for human lines: a deployed explorer logs JSON and does not hold pino-pretty's modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pinoPretty = require('pino-pretty') as typeof PinoPretty;
  // Synchronous pretty stream (no worker thread): the last line before an exit is never lost.
  return pino(
    options,
    pinoPretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: 'pid,hostname' }),
  );
}

/** Nest's logger interface on the root logger; Nest's framework contexts log at debug. */
export class ExplorerLogger implements LoggerService {
  constructor(private readonly root: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write(FRAMEWORK_CONTEXTS.has(String(params.at(-1))) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context last; an error's stack may come before it. */
  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    const context = params.length > 0 ? params.at(-1) : undefined;
    const stack = params.length > 1 ? params[0] : undefined;
    const fields = { ...(context !== undefined ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.root[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.root[level]({ ...fields, ...message });
    else this.root[level](fields, String(message));
  }
}
