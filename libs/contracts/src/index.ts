export * from './workflow-ids';
export * from './engine-check.contract';
