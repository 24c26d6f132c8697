// The single entry file the worker bundles.
export * from './engine-check.workflow';
export { directiveWorkflow } from './cascade/directive.workflow';
export { assignmentWorkflow } from './cascade/assignment.workflow';
export { recurringDirectiveWorkflow } from './cascade/recurrence/recurring-directive.workflow';
export { periodWorkflow } from './cascade/recurrence/period.workflow';
