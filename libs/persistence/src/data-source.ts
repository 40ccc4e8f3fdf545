import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

export interface DatabaseSettings {
  url: string;
  replicaUrls?: string[];
  poolSize?: number;
  /** Longest wait for a pooled connection (ms); unset waits forever. */
  acquireTimeoutMs?: number;
  /** PostgreSQL `statement_timeout` of every connection (ms, 0 = off). */
  statementTimeoutMs?: number;
  /** PostgreSQL `idle_in_transaction_session_timeout` of every connection (ms, 0 = off). */
  idleInTransactionTimeoutMs?: number;
}

/** The one DataSource definition of the app, the tests and the migration CLI. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  // node-postgres pool and connection options (the timeouts are sent as session settings at connect).
  const extra = {
    max: settings.poolSize ?? 10,
    connectionTimeoutMillis: settings.acquireTimeoutMs ?? 0,
    statement_timeout: settings.statementTimeoutMs ?? 0,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs ?? 0,
  };
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    extra,
  };
  if (settings.replicaUrls && settings.replicaUrls.length > 0) {
    return {
      ...common,
      replication: {
        master: { url: settings.url },
        slaves: settings.replicaUrls.map((url) => ({ url })),
        defaultMode: 'master',
      },
    };
  }
  return { ...common, url: settings.url };
}
