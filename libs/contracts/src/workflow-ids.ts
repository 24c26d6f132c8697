/**
 * Business IDs of workflows: every start and every signal is
 * idempotent and addressable from the API.
 */
export const workflowIds = {
  directive: (directiveId: string) => `directive:${directiveId}`,
  assignment: (directiveId: string, unitCode: string) => `assignment:${directiveId}:${unitCode}`,
} as const;
