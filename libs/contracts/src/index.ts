export * from './workflow-ids';
export * from './engine-check.contract';
export * from './assignment.types';
export * from './file-ref';
export * from './report-form';
export * from './cascade-events';
export * from './cascade-activities';
export * from './cascade-workflows.contract';
