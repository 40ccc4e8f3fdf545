import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/** For the TypeORM CLI only (migration:generate / migration:run): DATABASE_URL=... npm run migration:generate -- migrations/Name */
export default new DataSource(
  dataSourceOptions({ url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' }),
);
