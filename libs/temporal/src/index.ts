export * from './engine-locator';
export * from './free-port';
export * from './dev-server';
export * from './temporal-engine';
export * from './temporal-client.module';
export * from './workflow-bundle';
export * from './test-environment';
export * from './temporal-runtime';
