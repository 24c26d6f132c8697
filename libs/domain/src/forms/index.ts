export * from './form-definition';
export * from './form-values';
export * from './form-rollup';
