// Test helpers: CascadeEvents as the workflows emit them, for the projector's and the worker's tests.
import {
  DEFAULT_POLICY,
  type Actor,
  type AmendmentChanges,
  type AssignmentEvent,
  type AssignmentSnapshot,
  type CascadeEvent,
  type DirectiveEvent,
  type DirectiveRecord,
} from '@cascade/contracts';
import type { UnitEntity } from '../entities/unit.entity';

/** An instant given in Asia/Shanghai wall-clock time, e.g. `2024-11-20 17:30`. */
export function shanghai(wallClock: string): number {
  return Date.parse(`${wallClock.replace(' ', 'T')}:00+08:00`);
}

export const fixtureUnits: UnitEntity[] = [
  { code: '000000', name: '民政部', parentCode: null, level: 'national', path: '000000/' },
  { code: '140000', name: '山西省民政厅', parentCode: '000000', level: 'province', path: '000000/140000/' },
  { code: '141000', name: '临汾市民政局', parentCode: '140000', level: 'city', path: '000000/140000/141000/' },
  { code: '140100', name: '太原市民政局', parentCode: '140000', level: 'city', path: '000000/140000/140100/' },
  { code: '141002', name: '尧都区民政局', parentCode: '141000', level: 'county', path: '000000/140000/141000/141002/' },
];

/** A top-level directive of 山西省民政厅 to two city offices. */
export function fixtureDirective(id: string, overrides: Partial<DirectiveRecord> = {}): DirectiveRecord {
  return {
    id,
    docNumber: '晋民函〔2024〕169号',
    title: '关于开展老年人权益保障主题活动的通知',
    body: '请于11月20日前以电子版形式报省老龄办。',
    issuerUnit: '140000',
    deadline: shanghai('2024-11-20 17:30'),
    policy: DEFAULT_POLICY,
    obligations: [{ kind: 'report', text: '每年至少开展1项主题活动' }],
    recipients: [
      { unitCode: '141000', unitName: '临汾市民政局' },
      { unitCode: '140100', unitName: '太原市民政局' },
    ],
    forwardsDirectiveId: '民函〔2024〕56号',
    parentAssignmentId: null,
    rootDirectiveId: id,
    issuedAt: shanghai('2024-11-01 09:00'),
    ...overrides,
  };
}

/** The type-specific part of each kind of directive event (the stream adds the rest). */
type DirectiveBody<E = DirectiveEvent> = E extends unknown
  ? Omit<E, 'id' | 'seq' | 'occurredAt' | 'directiveId' | 'actor' | 'assignmentId'>
  : never;

/** The events of a directive workflow, numbered as `directive:{id}#{seq}`. */
export class DirectiveStream {
  private seq = 0;

  constructor(readonly directive: DirectiveRecord) {}

  issued(): CascadeEvent {
    return this.emit({ type: 'DIRECTIVE_ISSUED', directive: this.directive }, this.directive.issuedAt);
  }

  completed(occurredAt: number): CascadeEvent {
    return this.emit({ type: 'DIRECTIVE_COMPLETED' }, occurredAt);
  }

  /** 撤回: `units` null withdraws the whole directive. */
  withdrawn(reason: string, units: string[] | null, occurredAt: number): CascadeEvent {
    return this.emit({ type: 'DIRECTIVE_WITHDRAWN', reason, units }, occurredAt);
  }

  /** 更正/补充通知: version 2 is the first amendment. */
  amended(version: number, changes: AmendmentChanges, note: string, occurredAt: number): CascadeEvent {
    return this.emit({ type: 'DIRECTIVE_AMENDED', version, changes, note }, occurredAt);
  }

  private emit(body: DirectiveBody, occurredAt: number): CascadeEvent {
    this.seq += 1;
    const base = {
      id: `directive:${this.directive.id}#${this.seq}`,
      seq: this.seq,
      occurredAt,
      directiveId: this.directive.id,
      actor: null,
      assignmentId: null,
    };
    return { ...base, ...body } as CascadeEvent;
  }
}

type StreamFields = 'id' | 'seq' | 'occurredAt' | 'directiveId' | 'actor' | 'assignmentId' | 'snapshot';
/** The type-specific part of each kind of assignment event (the stream adds the rest). */
type AssignmentBody<E = AssignmentEvent> = E extends unknown ? Omit<E, StreamFields> : never;

/** The events of one assignment workflow, each carrying the snapshot after it. */
export class AssignmentStream {
  private seq = 0;
  snapshot: AssignmentSnapshot;

  constructor(directive: DirectiveRecord, unitCode: string, unitName: string, deliveredAt: number) {
    this.snapshot = {
      assignmentId: `assignment:${directive.id}:${unitCode}`,
      directiveId: directive.id,
      rootDirectiveId: directive.rootDirectiveId,
      unitCode,
      unitName,
      issuerUnit: directive.issuerUnit,
      parentAssignmentId: directive.parentAssignmentId,
      status: 'DELIVERED',
      deliveredAt,
      deadline: directive.deadline,
      ackDueAt: deliveredAt + 24 * 60 * 60 * 1000,
      acknowledgedAt: null,
      reportedAt: null,
      acceptedAt: null,
      overdue: false,
      late: false,
      escalationLevel: 0,
      forwardedDirectiveId: null,
    };
  }

  get id(): string {
    return this.snapshot.assignmentId;
  }

  /** The next event: `changes` are applied to the snapshot first; the actor is the unit's clerk unless given. */
  emit(
    body: AssignmentBody,
    occurredAt: number,
    changes: Partial<AssignmentSnapshot> = {},
    actor?: Actor,
  ): AssignmentEvent {
    this.seq += 1;
    this.snapshot = { ...this.snapshot, ...changes };
    return {
      ...body,
      id: `${this.id}#${this.seq}`,
      seq: this.seq,
      occurredAt,
      directiveId: this.snapshot.directiveId,
      assignmentId: this.id,
      actor: actor ?? { unitCode: this.snapshot.unitCode, role: 'clerk' },
      snapshot: this.snapshot,
    } as AssignmentEvent;
  }
}
