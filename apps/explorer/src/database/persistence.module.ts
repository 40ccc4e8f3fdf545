import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  DatabaseSettings,
  dataSourceOptions,
  FarmsRepository,
  GatewaysRepository,
  NodeWorkRepository,
  NodesRepository,
  PoolsRepository,
  ReservationsRepository,
  PrimaryStatements,
  UsersRepository,
  WorkloadsRepository,
  StatsRepository,
  ReadRouter,
} from '@app/persistence';

/** Every repository of libs/persistence, one instance each, available to all feature modules. */
const REPOSITORIES = [
  PrimaryStatements,
  ReadRouter,
  UsersRepository,
  WorkloadsRepository,
  FarmsRepository,
  NodesRepository,
  GatewaysRepository,
  PoolsRepository,
  NodeWorkRepository,
  StatsRepository,
  ReservationsRepository,
];

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(settings), retryAttempts: 2, retryDelay: 500 })],
      providers: REPOSITORIES,
      exports: REPOSITORIES,
    };
  }
}
