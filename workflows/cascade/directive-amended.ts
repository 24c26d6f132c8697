import type { AmendRequest, DirectiveWorkflowInput, RecurringDirectiveInput } from '@cascade/contracts';
import type { NewDirectiveEvent } from './event-stream';

/**
 * 更正 of a directive issued at the top (a directive or a series of recurring ones): applies the
 * changes to the workflow's input, which a continue-as-new or the next period starts from, and gives
 * the DIRECTIVE_AMENDED to record.
 */
export function amendDirective(
  input: DirectiveWorkflowInput | RecurringDirectiveInput,
  version: number,
  { changes, note }: Pick<AmendRequest, 'changes' | 'note'>,
): NewDirectiveEvent {
  if (changes.deadline !== undefined) input.deadline = changes.deadline;
  if (changes.title !== undefined) input.title = changes.title;
  if (changes.body !== undefined) input.body = changes.body;
  if (changes.obligations !== undefined) input.obligations = changes.obligations;
  if (changes.documents !== undefined) input.documents = { ...input.documents, ...changes.documents };
  return { type: 'DIRECTIVE_AMENDED', directiveId: input.directiveId, assignmentId: null, version, changes, note };
}
