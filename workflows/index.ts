// The single entry file the worker bundles (DESIGN.md, Temporal rules).
export * from './engine-check.workflow';
export { directiveWorkflow } from './cascade/directive.workflow';
export { assignmentWorkflow } from './cascade/assignment.workflow';
