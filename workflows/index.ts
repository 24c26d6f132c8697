// The single entry file the worker bundles (DESIGN.md, Temporal rules).
export * from './engine-check.workflow';
