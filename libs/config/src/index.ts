export * from './cascade-config';
export * from './config.module';
export * from './project-root';
export * from './run-main';
