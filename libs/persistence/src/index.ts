export * from './entities/unit.entity';
export * from './database-options';
export * from './open-database';
export * from './units.repository';
export * from './persistence.module';
