import type {
  Actor,
  AmendmentChanges,
  AssignmentStatus,
  ExtensionRequestRecord,
  DirectivePolicy,
  EscalationRecord,
  ForwardRecord,
  Recipient,
  ReportRecord,
  UpstreamDocument,
} from './assignment.types';
import type { DirectiveDocuments } from './file-ref';
import type { PeriodRef, Recurrence } from './recurrence';
import type { ReportForm } from './report-form';

/** A directive as issued (top level, or a forward of an assignment). */
export interface DirectiveRecord {
  id: string;
  docNumber: string;
  title: string;
  body: string | null;
  issuerUnit: string;
  /** Epoch ms. */
  deadline: number;
  policy: Required<DirectivePolicy>;
  obligations: unknown[];
  recipients: Recipient[];
  /** The directive this one forwards (转发), if any. */
  forwardsDirectiveId: string | null;
  /** The assignment of the issuing unit that this directive forwards, if any. */
  parentAssignmentId: string | null;
  /** The top of the chain; equals id for a top-level directive. */
  rootDirectiveId: string;
  issuedAt: number;
  /** 正文 and 附件 as files; absent when the directive has none. */
  documents?: DirectiveDocuments;
  /** 填报表; absent when the directive asks for no figures. */
  form?: ReportForm;
  /** A recurring directive (the series): its rule; absent otherwise. */
  recurrence?: Recurrence;
  /** One period's cascade of a recurring directive; absent otherwise. */
  period?: PeriodRef;
}

/** The assignment's fields after an event: the projector upserts them when `seq` is newer. */
export interface AssignmentSnapshot {
  assignmentId: string;
  directiveId: string;
  rootDirectiveId: string;
  unitCode: string;
  unitName: string;
  issuerUnit: string;
  parentAssignmentId: string | null;
  status: AssignmentStatus;
  deliveredAt: number;
  deadline: number;
  ackDueAt: number;
  acknowledgedAt: number | null;
  reportedAt: number | null;
  acceptedAt: number | null;
  overdue: boolean;
  late: boolean;
  escalationLevel: number;
  forwardedDirectiveId: string | null;
}

interface EventBase {
  /** Unique and deterministic: `{workflowId}#{seq}`; projection writes are keyed by it (idempotent). */
  id: string;
  /** Position in the emitting workflow's stream, strictly increasing. */
  seq: number;
  occurredAt: number;
  directiveId: string;
  actor: Actor | null;
}

export type DirectiveEvent = EventBase & { assignmentId: null } & (
    | { type: 'DIRECTIVE_ISSUED'; directive: DirectiveRecord }
    | { type: 'DIRECTIVE_COMPLETED' }
    /** Some or all recipients withdrawn (撤回); `units` null means the whole directive. */
    | { type: 'DIRECTIVE_WITHDRAWN'; reason: string; units: string[] | null }
    /** A new version (更正/补充通知); the read model keeps each version and what changed. */
    | { type: 'DIRECTIVE_AMENDED'; version: number; changes: AmendmentChanges; note: string }
  );

export type AssignmentEvent = EventBase & { assignmentId: string; snapshot: AssignmentSnapshot } & (
    | { type: 'ASSIGNMENT_DELIVERED' }
    | { type: 'ASSIGNMENT_ACKNOWLEDGED' }
    | { type: 'ASSIGNMENT_FORWARDED'; forward: ForwardRecord }
    | { type: 'REPORT_SUBMITTED'; report: ReportRecord }
    | { type: 'REPORT_ACCEPTED'; reportId: string }
    | { type: 'REMINDER_SENT'; key: string }
    | { type: 'ESCALATED'; escalation: EscalationRecord }
    /** `reason`: only the escalations of that reason (its own ladder); absent: of every reason. */
    | { type: 'ESCALATIONS_RESOLVED'; levels: number[]; resolvedAt: number; reason?: EscalationRecord['reason'] }
    | { type: 'REPORT_RETURNED'; reportId: string; reason: string; newDeadline: number | null }
    | { type: 'EXTENSION_REQUESTED'; request: ExtensionRequestRecord }
    | { type: 'EXTENSION_DECIDED'; request: ExtensionRequestRecord }
    /** The report deadline or the timers moved (extension, return, amendment, calendar update). */
    | {
        type: 'DEADLINE_CHANGED';
        deadline: number;
        previousDeadline: number;
        cause: 'EXTENSION' | 'RETURN' | 'AMENDMENT' | 'CALENDAR';
      }
    | { type: 'ASSIGNMENT_WITHDRAWN'; reason: string }
    /** `upstream`: the amended document when it is not the assignment's own directive but one above it. */
    | {
        type: 'AMENDMENT_RECEIVED';
        version: number;
        changes: AmendmentChanges;
        note: string;
        upstream?: UpstreamDocument;
      }
    | { type: 'AMENDMENT_ACKNOWLEDGED'; version: number }
    | { type: 'URGED'; note: string | null; count: number }
    /** A remark on the unit's forward, e.g. its children's deadline is now needlessly early. */
    | { type: 'FORWARD_FLAGGED'; message: string }
  );

/** 留痕: every transition, appended once. */
export type CascadeEvent = DirectiveEvent | AssignmentEvent;
export type CascadeEventType = CascadeEvent['type'];
