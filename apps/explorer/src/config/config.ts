import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown =>
  value === undefined
    ? undefined
    : value === 'true' || value === '1'
      ? true
      : value === 'false' || value === '0'
        ? false
        : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;

/** Every setting of the service, read from the environment once at start (see README "Configuration"). */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8080;

  @IsString()
  HOST = '0.0.0.0';

  /** Any PostgreSQL; when unset an embedded PostgreSQL is started in EMBEDDED_PG_DIR. */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /** Comma-separated read replicas; reads that tolerate lag go there. */
  @IsOptional()
  @IsString()
  DATABASE_REPLICA_URLS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Longest wait for a free pooled connection before the request answers 503. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DATABASE_ACQUIRE_TIMEOUT_MS = 30_000;

  /** PostgreSQL `statement_timeout` of every connection (0 turns it off); a cancelled statement answers 503. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** PostgreSQL `idle_in_transaction_session_timeout` (0 turns it off): a stalled transaction frees its locks. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 10_000;

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  /** 0 picks a free port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  /** Maximum |now − created| of an HTTP signature in seconds; 0 turns the window off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  HTTP_SIGNATURE_FRESHNESS_SECONDS = 900;

  /** Writes (POST, PUT, DELETE) must sign `(request-target)` and, with a body, `digest`. */
  @Transform(toBool)
  @IsBoolean()
  HTTP_SIGNATURE_STRICT = false;

  /**
   * A signature value is refused on a method and path it was not used on within this many seconds of its
   * first use (clients that sign no request part reuse one value for everything signed in one second).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  HTTP_SIGNATURE_REPLAY_GRACE_SECONDS = 10;

  /** Signature values remembered per process for the replay check; 0 turns the check off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  HTTP_SIGNATURE_REPLAY_CACHE_SIZE = 100_000;

  /** Accept farm registrations without the HTTP signature of the farm's `threebot_id` (old tools). */
  @Transform(toBool)
  @IsBoolean()
  ALLOW_UNSIGNED_FARM_REGISTRATION = false;

  /** Accept workload creates without the customer's HTTP signature (old clients). */
  @Transform(toBool)
  @IsBoolean()
  ALLOW_UNSIGNED_WORKLOAD_CREATE = false;

  /** Verify the node's ed25519 signature on results. */
  @Transform(toBool)
  @IsBoolean()
  VERIFY_RESULT_SIGNATURES = true;

  /** A node is online when its last uptime report is younger than this. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  NODE_ONLINE_THRESHOLD_SECONDS = 1200;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /** Time a client has to send its request headers (slow-header clients are cut off). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** Time a client has to send its whole request, headers and body (not the answer: long polls wait longer). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** Open connections at most; further ones are closed at once (keep it below `ulimit -n`). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  HTTP_MAX_CONNECTIONS = 4096;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** `pretty` (human lines, pino-pretty), `json` (one object a line), or `auto`: pretty on a terminal only. */
  @IsIn(['auto', 'pretty', 'json'])
  LOG_FORMAT: 'auto' | 'pretty' | 'json' = 'auto';

  /** Run the pool expiry sweeper in this process (it still takes the advisory lock). */
  @Transform(toBool)
  @IsBoolean()
  RUN_BACKGROUND_JOBS = true;
}

export class ConfigError extends Error {}

/** Validates the environment; throws one ConfigError listing every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const picked = Object.fromEntries(
    Object.entries(env).filter(
      ([k, v]) =>
        v !== undefined && (known.includes(k) || k === 'DATABASE_URL' || k === 'DATABASE_REPLICA_URLS'),
    ),
  );
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  const lines = errors.map(
    (e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`,
  );
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS)
    lines.push(
      '  HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS (headers are part of the request)',
    );
  if (lines.length > 0) {
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return config;
}
