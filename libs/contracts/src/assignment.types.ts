import type { DirectiveDocuments, FileRef } from './file-ref';
import type { FormValues, ReportForm } from './report-form';

/** 承办任务 status. */
export const ASSIGNMENT_STATUSES = [
  'DELIVERED',
  'ACKNOWLEDGED',
  'FORWARDED',
  'REPORTED',
  'ACCEPTED',
  'RETURNED',
  'WITHDRAWN',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Statuses after which the unit owes nothing more on this assignment. */
export const CLOSED_STATUSES: readonly AssignmentStatus[] = ['ACCEPTED', 'WITHDRAWN'];
/** Statuses in which the unit has delivered its report. */
export const REPORTED_STATUSES: readonly AssignmentStatus[] = ['REPORTED', 'ACCEPTED'];

/** Who asks for an operation: the API passes the authenticated caller, tests pass it directly. */
export interface Actor {
  unitCode: string;
  role: 'clerk' | 'leader' | 'supervisor' | 'admin' | 'system';
  /** Display name for the audit trail. */
  name?: string;
}

/**
 * Per-directive policy; durations are ISO-8601 (`PT30S`, `P2D`) or working days (`2wd`).
 * Resolved to absolute instants outside workflows (libs/domain calendar).
 */
export interface DirectivePolicy {
  /** After delivery; default `1wd`. Past it, an unacknowledged assignment is escalated. */
  ackWithin?: string;
  /** Before the report deadline; default `["3wd","1wd"]`. */
  remindBefore?: string[];
  /** After the report deadline, one step per level 1..3; default `["PT0S","2wd","5wd"]`. */
  ladder?: string[];
  /** Whether a forwarding unit may report only after every subordinate has; default false. */
  requireChildrenBeforeReport?: boolean;
  /** Least time between two manual urges (催办) of one assignment; default `PT4H`. */
  urgeInterval?: string;
}

export const DEFAULT_POLICY: Required<DirectivePolicy> = {
  ackWithin: '1wd',
  remindBefore: ['3wd', '1wd'],
  ladder: ['PT0S', '2wd', '5wd'],
  requireChildrenBeforeReport: false,
  urgeInterval: 'PT4H',
};

/** A step that fires once at an absolute instant (epoch ms). */
export interface ScheduledStep {
  /** Stable key within the assignment, e.g. `ack`, `remind:3wd`, `ladder:2`. */
  key: string;
  at: number;
}

/** Every instant an assignment's timers need, resolved outside the workflow. */
export interface AssignmentSchedule {
  deadline: number;
  ackDueAt: number;
  reminders: ScheduledStep[];
  /** Ladder steps in level order: index 0 is level 1. */
  ladder: ScheduledStep[];
}

/** A unit that receives a directive. */
export interface Recipient {
  unitCode: string;
  unitName: string;
}

/** What a parent knows of one child assignment; sent by the child on every change. */
export interface ChildSnapshot {
  assignmentId: string;
  unitCode: string;
  unitName: string;
  status: AssignmentStatus;
  overdue: boolean;
  escalationLevel: number;
  late: boolean;
  zeroReport: boolean;
  reportedAt: number | null;
  /** Reference of the report version the child submitted last, if any. */
  reportId: string | null;
  /**
   * Position of the child's last event this snapshot includes: a parent keeps the snapshot with the
   * highest, as signals sent by concurrent projections may arrive out of order. Absent in signals
   * sent before the patch `parent-told-by-projection`.
   */
  seq?: number;
}

/** Counts per status and references: the 汇总 of a forwarding unit's subordinates. */
export interface ChildrenSummary {
  total: number;
  counts: Record<AssignmentStatus, number>;
  overdue: number;
  late: number;
  zeroReports: number;
  reported: Array<{ unitCode: string; unitName: string; reportId: string | null; late: boolean; zeroReport: boolean }>;
  pending: Array<{ unitCode: string; unitName: string; status: AssignmentStatus; overdue: boolean }>;
}

export interface ReportInput {
  content: string;
  /** 无则报零: nothing to report, which counts as a report. */
  zeroReport?: boolean;
  attachments?: Array<{ name: string; url?: string }>;
  /** 报送材料 as stored files (ids from POST /api/files, resolved to FileRefs by the API). */
  files?: FileRef[];
  /** The filled 填报表 (checked against the form by the API). */
  values?: FormValues;
  /** The totals of the unit's subtree it reports, if it reports them (the API computes them otherwise). */
  totals?: FormValues;
  /** 说明: why the subtree totals the unit reports differ from its subordinates' reports. */
  explanation?: string;
}

export interface ReportRecord {
  id: string;
  version: number;
  /** RETURNED when the issuer sent it back for revision (退回); every version is kept. */
  status?: 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
  returnReason?: string | null;
  content: string;
  zeroReport: boolean;
  attachments: Array<{ name: string; url?: string }>;
  /** 报送材料 of this version; a returned version keeps its own. Absent when none. */
  files?: FileRef[];
  /** The filled 填报表 of this version; absent when the directive has no form. */
  values?: FormValues;
  totals?: FormValues;
  explanation?: string;
  submittedAt: number;
  late: boolean;
  rollup: ChildrenSummary | null;
}

/**
 * 督办: one per reason and level. NOT_ACKNOWLEDGED has a ladder of its own (level 1, at the
 * acknowledgement due time); OVERDUE climbs levels 1–3 after the report deadline. Neither re-opens
 * or renames the other's record.
 */
export interface EscalationRecord {
  level: 1 | 2 | 3;
  reason: 'NOT_ACKNOWLEDGED' | 'OVERDUE';
  firedAt: number;
  resolvedAt: number | null;
}

export interface ForwardInput {
  /** Id of the forwarding directive; generated when omitted. Reusing it makes a retry idempotent. */
  directiveId?: string;
  docNumber: string;
  title: string;
  body?: string;
  recipients: Recipient[];
  /** Internal deadline for the subordinates, epoch ms; must not be after the unit's own. */
  deadline: number;
  obligations?: unknown[];
  policy?: DirectivePolicy;
  /**
   * The forward's own 正文 and 附件; the workflow adds the upstream document (its 正文 and 附件) in
   * front of the 附件, as a 转发 carries the notice it forwards.
   */
  documents?: DirectiveDocuments;
  /** The forward's 填报表: the upstream fields unchanged, then the forwarding unit's own (checked by the API). */
  form?: ReportForm;
}

export interface ForwardRecord {
  directiveId: string;
  /** Version of the forwarding directive (grows with amendments pushed down). */
  version?: number;
  docNumber: string;
  title: string;
  deadline: number;
  recipients: Recipient[];
  forwardedAt: number;
  warnings: string[];
}

/** 延期申请: a unit asks its issuer for a later deadline. */
export interface ExtensionRequestRecord {
  /** `{assignmentId}#X{n}`. */
  id: string;
  requestedDeadline: number;
  reason: string;
  requestedAt: number;
  requestedBy: Actor;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  decidedAt: number | null;
  decidedBy: Actor | null;
  decisionNote: string | null;
}

/** What an amendment (更正/补充通知) changes; absent fields are unchanged. */
export interface AmendmentChanges {
  title?: string;
  body?: string;
  /** New report deadline, epoch ms. */
  deadline?: number;
  obligations?: unknown[];
  /** A new 正文 file and/or 附件 list (a new version of the documents). */
  documents?: DirectiveDocuments;
}

/**
 * A document above an assignment's own directive (the one its issuer forwarded, or higher up): an
 * amendment of it reaches the levels below as an amendment of that document, by its issuer.
 */
export interface UpstreamDocument {
  directiveId: string;
  docNumber: string;
  issuerUnit: string;
}

/** An amendment as an assignment received it, and whether the unit acknowledged it. */
export interface AmendmentRecord {
  /** Version of the amended document: this assignment's own directive, or `upstream` when set. */
  version: number;
  /**
   * Set when the amended document lies above this assignment's own directive: for information (the
   * own directive's text is unchanged); only amendments of the own directive are acknowledged.
   */
  upstream?: UpstreamDocument;
  note: string;
  changes: AmendmentChanges;
  receivedAt: number;
  acknowledgedAt: number | null;
}

/** The state an assignment workflow answers to queries and returns from updates. */
export interface AssignmentState {
  assignmentId: string;
  directiveId: string;
  /** 文号 of the directive (absent in states recorded before it was kept). */
  docNumber?: string;
  unitCode: string;
  unitName: string;
  issuerUnit: string;
  status: AssignmentStatus;
  deliveredAt: number;
  acknowledgedAt: number | null;
  reportedAt: number | null;
  acceptedAt: number | null;
  schedule: AssignmentSchedule;
  overdue: boolean;
  late: boolean;
  escalationLevel: number;
  escalations: EscalationRecord[];
  firedSteps: string[];
  reports: ReportRecord[];
  forward: ForwardRecord | null;
  children: ChildrenSummary | null;
  policy: Required<DirectivePolicy>;
  /** Absent until the first of each happens. */
  extensionRequests?: ExtensionRequestRecord[];
  amendments?: AmendmentRecord[];
  urges?: { count: number; lastAt: number | null };
  withdrawal?: { reason: string; at: number } | null;
  /** Remarks on the forward, e.g. a child deadline that became needlessly early after an extension. */
  flags?: string[];
  /**
   * 上级来文已修改: the latest amendment, after this unit forwarded, of its own directive or of a
   * document above it. The forward's own text stays the unit's; it decides whether to amend it.
   */
  upstreamAmended?: { directiveId: string; docNumber: string; version: number; at: number } | null;
  /**
   * Position of the assignment's last event when this state was taken: the event
   * `{assignmentId}#{seq}` is in the read model once it has caught up with this state.
   */
  seq?: number;
}
