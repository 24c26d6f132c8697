import { DEFAULT_POLICY, type DirectiveWorkflowInput, type RecurringDirectiveInput } from '@cascade/contracts';
import type { NewDirectiveEvent } from './event-stream';

/**
 * DIRECTIVE_ISSUED of a directive issued at the top (a directive or a series of recurring ones,
 * not a forward): the record the read model keeps, from the workflow's start input.
 */
export function directiveIssued(
  input: DirectiveWorkflowInput | RecurringDirectiveInput,
  issuedAt: number,
): NewDirectiveEvent {
  return {
    type: 'DIRECTIVE_ISSUED',
    directiveId: input.directiveId,
    assignmentId: null,
    directive: {
      id: input.directiveId,
      docNumber: input.docNumber,
      title: input.title,
      body: input.body ?? null,
      issuerUnit: input.issuerUnit,
      deadline: input.deadline,
      policy: { ...DEFAULT_POLICY, ...input.policy },
      obligations: input.obligations ?? [],
      recipients: input.recipients,
      forwardsDirectiveId: input.forwardsDirectiveId ?? null,
      parentAssignmentId: null,
      rootDirectiveId: input.directiveId,
      issuedAt,
      ...(input.documents ? { documents: input.documents } : {}),
      ...(input.form ? { form: input.form } : {}),
      ...('period' in input && input.period ? { period: input.period } : {}),
      ...('recurrence' in input ? { recurrence: input.recurrence } : {}),
    },
  };
}
