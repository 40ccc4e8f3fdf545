import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

export interface DatabaseSettings {
  url: string;
  replicaUrls?: string[];
  poolSize?: number;
}

/** The one DataSource definition of the app, the tests and the migration CLI. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const extra = { max: settings.poolSize ?? 10 };
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
