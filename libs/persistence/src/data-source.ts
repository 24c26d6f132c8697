// Data source for the TypeORM CLI (npx typeorm -d dist/libs/persistence/src/data-source.js migration:run).
import { DataSource } from 'typeorm';
import { loadConfig } from '@cascade/config';
import { databaseOptions } from './database-options';

export const dataSource = new DataSource(databaseOptions(loadConfig().database));
