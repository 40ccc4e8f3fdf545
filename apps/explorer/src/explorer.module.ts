import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { Clock, SystemClock } from './clock/clock';
import { AppConfig } from './config/config';
import { PersistenceModule } from './database/persistence.module';
import { DirectoryModule } from './directory/directory.module';
import { HealthController } from './health/health.controller';
import { Lifecycle } from './health/lifecycle';
import { DatabaseOutage } from './health/database-outage';
import { HttpMetrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { OperationsMetrics } from './metrics/operations-metrics';
import { NodeWorkModule } from './node-work/node-work.module';
import { PhonebookModule } from './phonebook/phonebook.module';
import { PoolsModule } from './pools/pools.module';
import { ReservationsModule } from './reservations/reservations.module';
import { StatsModule } from './stats/stats.module';
import { WebModule } from './web/web.module';
import { WorkloadsModule } from './workloads/workloads.module';

@Module({})
export class ExplorerModule {
  static forRoot(config: AppConfig, databaseUrl: string, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: ExplorerModule,
      imports: [
        PersistenceModule.forRoot({
          url: databaseUrl,
          replicaUrls: config.DATABASE_REPLICA_URLS
            ? config.DATABASE_REPLICA_URLS.split(',')
                .map((s) => s.trim())
                .filter(Boolean)
            : [],
          poolSize: config.DATABASE_POOL_SIZE,
          acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
          statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
          idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        }),
        AuthModule,
        PhonebookModule,
        DirectoryModule,
        PoolsModule,
        StatsModule,
        WebModule,
        NodeWorkModule,
        WorkloadsModule,
        ReservationsModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: HttpMetrics, useValue: new HttpMetrics() },
        Lifecycle,
        OperationsMetrics,
        DatabaseOutage,
      ],
      exports: [AppConfig, Clock],
      global: true,
    };
  }
}
