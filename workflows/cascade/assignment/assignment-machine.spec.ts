import type { AssignmentState } from '@cascade/contracts';
import { type Command, decide, type Facts, needsOf, refusalOf, TRANSITIONS } from './assignment-machine';
import type { Step } from '../assignment-steps';
import {
  acknowledge,
  admin,
  city,
  cityLeader,
  county,
  DAY,
  DEADLINE,
  delivered,
  factsAt,
  forwardCommand,
  play,
  playAll,
  province,
  report,
  scheduleFor,
  stranger,
  system,
  T0,
} from './machine-fixtures';

const at = factsAt(T0 + 3600_000);
const codeOf = (state: AssignmentState, command: Command, facts: Facts = at) =>
  refusalOf(state, command, facts)?.code ?? null;
const messageOf = (state: AssignmentState, command: Command, facts: Facts = at) =>
  refusalOf(state, command, facts)?.message ?? null;
const typesOf = (state: AssignmentState, command: Command, facts: Facts = at) =>
  play(state, command, facts).events.map((e) => e.type);

const acknowledged = () => playAll(delivered(), [acknowledge()]);
const reported = () => playAll(delivered(), [acknowledge(), report()]);
const forwarded = () => play(delivered(), forwardCommand(), at).state;
const withdrawnState = () => play(acknowledged(), { type: 'withdraw', actor: city, reason: '撤回' }, at).state;
const acceptedState = () => play(reported(), { type: 'accept', actor: city }, at).state;
const returned = (newDeadline: number | null = null) =>
  play(
    reported(),
    {
      type: 'return',
      actor: city,
      reason: '缺少照片',
      newDeadline,
      results: { schedule: newDeadline ? scheduleFor(newDeadline) : undefined },
    },
    at,
  ).state;

describe('the assignment machine: transitions', () => {
  it('declares, for every command, who may ask, where it acts and the status after', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(
      [
        'accept',
        'acknowledge',
        'acknowledgeAmendment',
        'amend',
        'amendForward',
        'decideExtension',
        'fire',
        'forward',
        'report',
        'requestExtension',
        'reschedule',
        'return',
        'urge',
        'withdraw',
        'withdrawForward',
      ].sort(),
    );
    expect(
      Object.fromEntries(
        Object.entries(TRANSITIONS)
          .filter(([, t]) => t.to)
          .map(([type, t]) => [type, t.to]),
      ),
    ).toEqual({
      acknowledge: 'ACKNOWLEDGED',
      forward: 'FORWARDED',
      report: 'REPORTED',
      accept: 'ACCEPTED',
      return: 'RETURNED',
      withdraw: 'WITHDRAWN',
    });
  });

  it('acknowledge: DELIVERED → ACKNOWLEDGED, resolving a NOT_ACKNOWLEDGED escalation; again, nothing happens', () => {
    const escalated = play(
      delivered(),
      { type: 'fire', actor: null, step: { kind: 'ack', key: 'ack', at: T0 + DAY } },
      factsAt(T0 + DAY),
    ).state;
    const { state, events } = play(escalated, acknowledge(), factsAt(T0 + DAY + 60_000));
    expect(state).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedAt: T0 + DAY + 60_000 });
    expect(events.map((e) => e.type)).toEqual(['ASSIGNMENT_ACKNOWLEDGED', 'ESCALATIONS_RESOLVED']);
    expect(state.escalations).toEqual([
      { level: 1, reason: 'NOT_ACKNOWLEDGED', firedAt: T0 + DAY, resolvedAt: T0 + DAY + 60_000 },
    ]);
    expect(typesOf(state, acknowledge())).toEqual([]);
  });

  it('forward: needs the review, acknowledges a DELIVERED assignment, issues the directive and → FORWARDED', () => {
    const command = forwardCommand();
    expect(needsOf(delivered(), command, at).review).toMatchObject({
      assignmentId: 'assignment:d:141002',
      unitCode: '141002',
      ownDeadline: DEADLINE,
      forwardedAt: at.now,
    });
    const { state, events } = play(delivered(), command, at);
    expect(events.map((e) => e.type)).toEqual(['ASSIGNMENT_ACKNOWLEDGED', 'DIRECTIVE_ISSUED', 'ASSIGNMENT_FORWARDED']);
    expect(events[1]).toMatchObject({
      directive: {
        id: 'f',
        issuerUnit: '141002',
        forwardsDirectiveId: 'd',
        parentAssignmentId: 'assignment:d:141002',
        rootDirectiveId: 'd',
        issuedAt: at.now,
      },
    });
    expect(state).toMatchObject({ status: 'FORWARDED', forward: { directiveId: 'f', forwardedAt: at.now } });
    expect(typesOf(acknowledged(), command)).toEqual(['DIRECTIVE_ISSUED', 'ASSIGNMENT_FORWARDED']);
  });

  it('forward: a retry with the same directive id is answered with nothing new, even while busy', () => {
    const state = forwarded();
    expect(refusalOf(state, forwardCommand(), factsAt(at.now, { busy: true }))).toBeNull();
    expect(needsOf(state, forwardCommand(), at)).toEqual({});
    expect(typesOf(state, forwardCommand())).toEqual([]);
  });

  it('forward: a RETURNED unit that has not forwarded may still forward', () => {
    expect(typesOf(returned(), forwardCommand())).toEqual(['DIRECTIVE_ISSUED', 'ASSIGNMENT_FORWARDED']);
  });

  it('report: → REPORTED with version 1, late after the deadline, resolving every open escalation, with the rollup when forwarded', () => {
    const { state, events } = play(acknowledged(), report('已学习'), at);
    expect(state).toMatchObject({ status: 'REPORTED', reportedAt: at.now, late: false });
    expect(state.reports).toEqual([
      {
        id: 'assignment:d:141002#R1',
        version: 1,
        content: '已学习',
        zeroReport: false,
        attachments: [],
        submittedAt: at.now,
        late: false,
        rollup: null,
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(['REPORT_SUBMITTED']);

    const overdue = play(
      acknowledged(),
      { type: 'fire', actor: null, step: { kind: 'ladder', key: 'ladder:1', at: DEADLINE, level: 1 } },
      factsAt(DEADLINE),
    ).state;
    const late = play(overdue, report(), factsAt(DEADLINE + 1));
    expect(late.state.late).toBe(true);
    expect(late.events.map((e) => e.type)).toEqual(['REPORT_SUBMITTED', 'ESCALATIONS_RESOLVED']);
    expect(late.state.escalations[0].resolvedAt).toBe(DEADLINE + 1);

    const summary = { total: 1, counts: {} as never, overdue: 0, late: 0, zeroReports: 0, reported: [], pending: [] };
    expect(play(forwarded(), report(), factsAt(at.now, { children: summary })).state.reports[0].rollup).toBe(summary);
  });

  it('report: a zero report needs no content', () => {
    expect(
      play(acknowledged(), { type: 'report', actor: county, report: { content: '', zeroReport: true } }, at).state
        .reports[0],
    ).toMatchObject({ zeroReport: true, content: '' });
  });

  it('report: files alone are a report (以电子版形式报), and each version keeps its own files', () => {
    const file = { fileId: 'f1', sha256: 'a'.repeat(64), name: '报告.pdf', size: 10, mediaType: 'application/pdf' };
    const first = play(acknowledged(), { type: 'report', actor: county, report: { content: '', files: [file] } }, at);
    expect(first.state.reports[0]).toMatchObject({ content: '', files: [file] });
    const returned = play(first.state, { type: 'return', actor: city, reason: '请补充', newDeadline: null }, at).state;
    const second = play(returned, report('已补充'), at).state;
    expect(second.reports.map((r) => r.files)).toEqual([[file], undefined]);
  });

  it('accept: REPORTED → ACCEPTED, closing the assignment', () => {
    const { state, events } = play(reported(), { type: 'accept', actor: city }, at);
    expect(state).toMatchObject({ status: 'ACCEPTED', acceptedAt: at.now });
    expect(events).toEqual([{ at: at.now, type: 'REPORT_ACCEPTED', reportId: 'assignment:d:141002#R1' }]);
  });

  it('return: REPORTED → RETURNED with the reason kept on the version; reporting again gives version 2 and REPORTED', () => {
    const state = returned(DEADLINE + 3 * DAY);
    expect(state).toMatchObject({
      status: 'RETURNED',
      reportedAt: null,
      late: false,
      schedule: { deadline: DEADLINE + 3 * DAY },
    });
    expect(state.reports[0]).toMatchObject({ status: 'RETURNED', returnReason: '缺少照片' });
    const again = play(state, report('第二版'), at).state;
    expect(again.status).toBe('REPORTED');
    expect(again.reports.map((r) => [r.version, r.status ?? 'SUBMITTED'])).toEqual([
      [1, 'RETURNED'],
      [2, 'SUBMITTED'],
    ]);
  });

  it('return: a new deadline needs a new schedule and records DEADLINE_CHANGED; without one, the deadline stays', () => {
    const command: Command = { type: 'return', actor: city, reason: '缺少照片', newDeadline: DEADLINE + 3 * DAY };
    expect(needsOf(reported(), command, at).schedule).toEqual({
      deliveredAt: T0,
      deadline: DEADLINE + 3 * DAY,
      policy: reported().policy,
    });
    expect(typesOf(reported(), { ...command, results: { schedule: scheduleFor(DEADLINE + 3 * DAY) } })).toEqual([
      'REPORT_RETURNED',
      'DEADLINE_CHANGED',
    ]);
    expect(typesOf(reported(), { ...command, newDeadline: null })).toEqual(['REPORT_RETURNED']);
    expect(returned().schedule.deadline).toBe(DEADLINE);
  });

  it('requestExtension and decideExtension: a pending request, approved by a leader, moves the deadline and resolves OVERDUE escalations', () => {
    const overdue = play(
      acknowledged(),
      { type: 'fire', actor: null, step: { kind: 'ladder', key: 'ladder:1', at: DEADLINE, level: 1 } },
      factsAt(DEADLINE),
    ).state;
    const requested = play(
      overdue,
      { type: 'requestExtension', actor: county, newDeadline: DEADLINE + 5 * DAY, reason: '人手不足' },
      factsAt(DEADLINE + 1),
    ).state;
    expect(requested.extensionRequests).toEqual([
      expect.objectContaining({
        id: 'assignment:d:141002#X1',
        status: 'PENDING',
        requestedBy: county,
        requestedAt: DEADLINE + 1,
      }),
    ]);
    const decision: Command = {
      type: 'decideExtension',
      actor: cityLeader,
      requestId: 'assignment:d:141002#X1',
      approve: true,
      note: '同意',
    };
    expect(needsOf(requested, decision, at)).toEqual({
      schedule: { deliveredAt: T0, deadline: DEADLINE + 5 * DAY, policy: requested.policy },
    });
    const { state, events } = play(
      requested,
      { ...decision, results: { schedule: scheduleFor(DEADLINE + 5 * DAY) } },
      factsAt(DEADLINE + 2),
    );
    expect(events.map((e) => e.type)).toEqual(['EXTENSION_DECIDED', 'DEADLINE_CHANGED', 'ESCALATIONS_RESOLVED']);
    expect(state.extensionRequests?.[0]).toMatchObject({
      status: 'APPROVED',
      decidedBy: cityLeader,
      decisionNote: '同意',
      decidedAt: DEADLINE + 2,
    });
    expect(state.schedule.deadline).toBe(DEADLINE + 5 * DAY);
    expect(state.firedSteps).toEqual(['ladder:1']);
  });

  it('decideExtension: a rejection changes nothing but the request', () => {
    const requested = play(
      acknowledged(),
      { type: 'requestExtension', actor: county, newDeadline: DEADLINE + DAY, reason: '人手不足' },
      at,
    ).state;
    const decision: Command = {
      type: 'decideExtension',
      actor: cityLeader,
      requestId: 'assignment:d:141002#X1',
      approve: false,
      note: null,
    };
    expect(needsOf(requested, decision, at)).toEqual({});
    const { state, events } = play(requested, decision, at);
    expect(events.map((e) => e.type)).toEqual(['EXTENSION_DECIDED']);
    expect(state.extensionRequests?.[0].status).toBe('REJECTED');
    expect(state.schedule.deadline).toBe(DEADLINE);
  });

  it('decideExtension: when forwarded, flags a children deadline far earlier than budgeting would now give', () => {
    const requested = play(
      forwarded(),
      { type: 'requestExtension', actor: county, newDeadline: DEADLINE + 10 * DAY, reason: '人手不足' },
      at,
    ).state;
    const decision: Command = {
      type: 'decideExtension',
      actor: cityLeader,
      requestId: 'assignment:d:141002#X1',
      approve: true,
      note: null,
    };
    expect(needsOf(requested, decision, at).forwardDeadline).toEqual({
      unitCode: '141002',
      parentDeadline: DEADLINE + 10 * DAY,
      forwardedAt: at.now,
    });
    const far = play(
      requested,
      { ...decision, results: { schedule: scheduleFor(DEADLINE + 10 * DAY), forwardDeadline: DEADLINE + 8 * DAY } },
      at,
    );
    expect(far.events.map((e) => e.type)).toEqual(['EXTENSION_DECIDED', 'DEADLINE_CHANGED', 'FORWARD_FLAGGED']);
    expect(far.state.flags?.[0]).toMatch('可考虑更正转发时限');
    const near = play(
      requested,
      {
        ...decision,
        results: { schedule: scheduleFor(DEADLINE + 10 * DAY), forwardDeadline: DEADLINE - 2 * DAY + 3600_000 },
      },
      at,
    );
    expect(near.events.map((e) => e.type)).toEqual(['EXTENSION_DECIDED', 'DEADLINE_CHANGED']);
  });

  it('urge: counts, and the next one waits for urgeInterval (PT4H)', () => {
    const once = play(acknowledged(), { type: 'urge', actor: city, note: '请尽快' }, at);
    expect(once.events).toEqual([{ at: at.now, type: 'URGED', note: '请尽快', count: 1 }]);
    expect(once.state.urges).toEqual({ count: 1, lastAt: at.now });
    const throttled = refusalOf(once.state, { type: 'urge', actor: city, note: null }, factsAt(at.now + 3600_000));
    expect(throttled).toMatchObject({ code: 'URGE_THROTTLED', retryAt: at.now + 4 * 3600_000 });
    expect(throttled?.message).toMatch(/催办过于频繁，\d{4}-\d\d-\d\d \d\d:\d\d 后可再次催办/);
    expect(
      play(once.state, { type: 'urge', actor: province, note: null }, factsAt(at.now + 4 * 3600_000)).state.urges
        ?.count,
    ).toBe(2);
  });

  it('urge after the report only for a figure below the period’s quota, never after 办结', () => {
    const note = '本期指标未达到：主题活动数 0/1；请在本期结束前完成并报送';
    expect(codeOf(reported(), { type: 'urge', actor: city, note: null })).toBe('ALREADY_REPORTED');
    const urged = play(reported(), { type: 'urge', actor: city, note, belowQuota: true }, at);
    expect(urged.events).toEqual([{ at: at.now, type: 'URGED', note, count: 1 }]);
    expect(urged.state.status).toBe('REPORTED');
    expect(codeOf(acceptedState(), { type: 'urge', actor: city, note, belowQuota: true })).toBe('CLOSED');
  });

  it('amend (signal): records the amendment, moves the deadline with a new schedule, and is acknowledged once', () => {
    const amend: Command = {
      type: 'amend',
      actor: city,
      version: 2,
      changes: { deadline: DEADLINE - DAY, body: '补充' },
      note: '时限提前',
    };
    expect(needsOf(acknowledged(), amend, at)).toEqual({
      schedule: { deliveredAt: T0, deadline: DEADLINE - DAY, policy: acknowledged().policy },
    });
    const { state, events } = play(
      acknowledged(),
      { ...amend, results: { schedule: scheduleFor(DEADLINE - DAY) } },
      at,
    );
    expect(events.map((e) => e.type)).toEqual(['AMENDMENT_RECEIVED', 'DEADLINE_CHANGED']);
    expect(state.amendments).toEqual([
      { version: 2, note: '时限提前', changes: amend.changes, receivedAt: at.now, acknowledgedAt: null },
    ]);
    expect(typesOf(state, amend)).toEqual([]);
    const ack = play(state, { type: 'acknowledgeAmendment', actor: county, version: 2 }, at);
    expect(ack.events.map((e) => e.type)).toEqual(['AMENDMENT_ACKNOWLEDGED']);
    expect(ack.state.amendments?.[0].acknowledgedAt).toBe(at.now);
    expect(typesOf(ack.state, { type: 'acknowledgeAmendment', actor: county, version: 2 })).toEqual([]);
  });

  it('amend (signal): when forwarded, keeps the forward’s own text, flags 上级来文已修改 and moves only a deadline that no longer fits', () => {
    const amend: Command = {
      type: 'amend',
      actor: city,
      version: 2,
      changes: { title: '新标题', deadline: DEADLINE - 4 * DAY, body: '补充' },
      note: '时限提前',
    };
    expect(needsOf(forwarded(), amend, at).forwardDeadline).toEqual({
      unitCode: '141002',
      parentDeadline: DEADLINE - 4 * DAY,
      forwardedAt: at.now,
    });
    const { state, events } = play(
      forwarded(),
      { ...amend, results: { schedule: scheduleFor(DEADLINE - 4 * DAY), forwardDeadline: DEADLINE - 5 * DAY } },
      at,
    );
    expect(events.map((e) => e.type)).toEqual([
      'AMENDMENT_RECEIVED',
      'DEADLINE_CHANGED',
      'FORWARD_FLAGGED',
      'DIRECTIVE_AMENDED',
    ]);
    // The forward gets a new version carrying the deadline only: its body and requirements stay the unit's.
    expect(events[3]).toMatchObject({ directiveId: 'f', version: 2, changes: { deadline: DEADLINE - 5 * DAY } });
    expect(Object.keys((events[3] as { changes: object }).changes)).toEqual(['deadline']);
    expect(state.forward).toMatchObject({ version: 2, deadline: DEADLINE - 5 * DAY, title: '转发' });
    expect(state.flags?.[0]).toMatch('重新计算');
    expect(state.upstreamAmended).toEqual({ directiveId: 'd', docNumber: state.docNumber, version: 2, at: at.now });

    // Text only: nothing goes down as the forward's own amendment.
    const text = play(forwarded(), { ...amend, changes: { body: '补充' } }, at);
    expect(text.events.map((e) => e.type)).toEqual(['AMENDMENT_RECEIVED']);
    expect(text.state.forward).toEqual(forwarded().forward);
  });

  it('amend (signal) of a document above the own directive: recorded for information, deadline untouched, not acknowledged', () => {
    const upstream = { directiveId: 'top', docNumber: '民函〔2026〕1号', issuerUnit: '000000' };
    const amend: Command = {
      type: 'amend',
      actor: province,
      version: 2,
      changes: { deadline: DEADLINE - 4 * DAY, body: '部里补充' },
      note: '补充',
      upstream,
    };
    expect(needsOf(acknowledged(), amend, at)).toEqual({});
    const { state, events } = play(acknowledged(), amend, at);
    expect(events).toEqual([
      { at: at.now, type: 'AMENDMENT_RECEIVED', version: 2, changes: amend.changes, note: '补充', upstream },
    ]);
    expect(state.schedule.deadline).toBe(DEADLINE);
    expect(state.amendments).toEqual([
      { version: 2, note: '补充', changes: amend.changes, receivedAt: at.now, acknowledgedAt: null, upstream },
    ]);
    // Its own version 2 is another document: it still arrives, and only it is acknowledged.
    expect(typesOf(state, amend)).toEqual([]);
    expect(codeOf(state, { type: 'acknowledgeAmendment', actor: county, version: 2 })).toBe('NO_SUCH_AMENDMENT');
    const own = play(state, { ...amend, upstream: null, changes: { body: '市里补充' } }, at).state;
    expect(own.amendments).toHaveLength(2);
    expect(codeOf(own, { type: 'acknowledgeAmendment', actor: county, version: 2 })).toBeNull();
  });

  it('amendForward: a new version of the own forward, title and deadline applied', () => {
    const { state, events } = play(
      forwarded(),
      {
        type: 'amendForward',
        actor: county,
        changes: { title: '更正', deadline: DEADLINE - 3 * DAY },
        note: '更正标题',
      },
      at,
    );
    expect(events).toEqual([
      {
        at: at.now,
        type: 'DIRECTIVE_AMENDED',
        directiveId: 'f',
        assignmentId: null,
        version: 2,
        changes: { title: '更正', deadline: DEADLINE - 3 * DAY },
        note: '更正标题',
      },
    ]);
    expect(state.forward).toMatchObject({ version: 2, title: '更正', deadline: DEADLINE - 3 * DAY });
  });

  it('withdrawForward: records the withdrawal of the forward (some or all recipients); the assignment stays', () => {
    const { state, events } = play(
      forwarded(),
      { type: 'withdrawForward', actor: county, reason: '重发', units: ['141002001'] },
      at,
    );
    expect(events).toEqual([
      {
        at: at.now,
        type: 'DIRECTIVE_WITHDRAWN',
        directiveId: 'f',
        assignmentId: null,
        reason: '重发',
        units: ['141002001'],
      },
    ]);
    expect(state.status).toBe('FORWARDED');
  });

  it('withdraw (signal): → WITHDRAWN, resolving every escalation and withdrawing the forward; once closed, ignored', () => {
    const escalated = play(
      forwarded(),
      { type: 'fire', actor: null, step: { kind: 'ladder', key: 'ladder:1', at: DEADLINE, level: 1 } },
      factsAt(DEADLINE),
    ).state;
    const { state, events } = play(escalated, { type: 'withdraw', actor: city, reason: '撤回' }, factsAt(DEADLINE + 1));
    expect(events.map((e) => e.type)).toEqual(['ASSIGNMENT_WITHDRAWN', 'ESCALATIONS_RESOLVED', 'DIRECTIVE_WITHDRAWN']);
    expect(state).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: '撤回', at: DEADLINE + 1 } });
    expect(typesOf(state, { type: 'withdraw', actor: city, reason: '再撤' })).toEqual([]);
    expect(typesOf(acceptedState(), { type: 'withdraw', actor: city, reason: '撤回' })).toEqual([]);
  });

  it('reschedule: new timers, the deadline kept; the same schedule records nothing', () => {
    const moved = {
      ...acknowledged().schedule,
      deadline: DEADLINE + DAY,
      reminders: [{ key: 'remind:1wd', at: DEADLINE - 2 * DAY }],
    };
    const { state, events } = play(acknowledged(), { type: 'reschedule', actor: system, schedule: moved }, at);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'DEADLINE_CHANGED',
        cause: 'CALENDAR',
        deadline: DEADLINE,
        previousDeadline: DEADLINE,
      }),
    ]);
    expect(state.schedule).toEqual({ ...moved, deadline: DEADLINE });
    expect(typesOf(state, { type: 'reschedule', actor: admin, schedule: moved })).toEqual([]);
  });

  it('fire: a reminder is sent once; the acknowledgement check and each ladder level escalate once, each on its own record', () => {
    const reminded = play(
      acknowledged(),
      { type: 'fire', actor: null, step: { kind: 'remind', key: 'remind:1wd', at: DEADLINE - DAY } },
      factsAt(DEADLINE - DAY),
    );
    expect(reminded.events).toEqual([{ at: DEADLINE - DAY, type: 'REMINDER_SENT', key: 'remind:1wd' }]);
    expect(
      typesOf(reminded.state, {
        type: 'fire',
        actor: null,
        step: { kind: 'remind', key: 'remind:1wd', at: DEADLINE - DAY },
      }),
    ).toEqual([]);

    const ack = play(
      delivered(),
      { type: 'fire', actor: null, step: { kind: 'ack', key: 'ack', at: T0 + DAY } },
      factsAt(T0 + DAY),
    ).state;
    const resolved = play(ack, acknowledge(), factsAt(T0 + DAY + 1)).state;
    const ladder = play(
      resolved,
      { type: 'fire', actor: null, step: { kind: 'ladder', key: 'ladder:1', at: DEADLINE, level: 1 } },
      factsAt(DEADLINE),
    ).state;
    expect(ladder.escalations).toEqual([
      { level: 1, reason: 'NOT_ACKNOWLEDGED', firedAt: T0 + DAY, resolvedAt: T0 + DAY + 1 },
      { level: 1, reason: 'OVERDUE', firedAt: DEADLINE, resolvedAt: null },
    ]);
    expect(ladder.firedSteps).toEqual(['ack', 'ladder:1']);
  });

  it('never acknowledged: the acknowledgement escalation and the deadline ladder stay apart, each resolved by its own cause', () => {
    const fire = (step: Step, now: number) => (state: AssignmentState) =>
      play(state, { type: 'fire', actor: null, step }, factsAt(now));
    const afterAck = fire({ kind: 'ack', key: 'ack', at: T0 + DAY }, T0 + DAY)(delivered());
    expect(afterAck.events).toEqual([
      expect.objectContaining({
        type: 'ESCALATED',
        escalation: { level: 1, reason: 'NOT_ACKNOWLEDGED', firedAt: T0 + DAY, resolvedAt: null },
      }),
    ]);
    const atDeadline = fire({ kind: 'ladder', key: 'ladder:1', at: DEADLINE, level: 1 }, DEADLINE)(afterAck.state);
    expect(atDeadline.events).toEqual([
      expect.objectContaining({
        type: 'ESCALATED',
        escalation: { level: 1, reason: 'OVERDUE', firedAt: DEADLINE, resolvedAt: null },
      }),
    ]);
    expect(atDeadline.state.escalations).toEqual([
      { level: 1, reason: 'NOT_ACKNOWLEDGED', firedAt: T0 + DAY, resolvedAt: null },
      { level: 1, reason: 'OVERDUE', firedAt: DEADLINE, resolvedAt: null },
    ]);
    // Acknowledging late closes only its own escalation; the deadline's stays open.
    const late = play(atDeadline.state, acknowledge(), factsAt(DEADLINE + 1));
    expect(late.events.at(-1)).toEqual({
      at: DEADLINE + 1,
      type: 'ESCALATIONS_RESOLVED',
      levels: [1],
      reason: 'NOT_ACKNOWLEDGED',
      resolvedAt: DEADLINE + 1,
    });
    expect(late.state.escalations.map((e) => [e.reason, e.resolvedAt])).toEqual([
      ['NOT_ACKNOWLEDGED', DEADLINE + 1],
      ['OVERDUE', null],
    ]);
  });
});

describe('the assignment machine: refusals', () => {
  it('NOT_THE_UNIT: only the unit (or the system) acknowledges, forwards, reports, asks for extensions, acknowledges amendments, changes its forward', () => {
    const commands: Array<[AssignmentState, Command]> = [
      [delivered(), acknowledge(stranger)],
      [delivered(), forwardCommand(stranger)],
      [acknowledged(), report('x', stranger)],
      [acknowledged(), { type: 'requestExtension', actor: city, newDeadline: DEADLINE + DAY, reason: 'r' }],
      [acknowledged(), { type: 'acknowledgeAmendment', actor: city, version: 2 }],
      [forwarded(), { type: 'withdrawForward', actor: city, reason: 'r', units: null }],
      [forwarded(), { type: 'amendForward', actor: city, changes: { body: 'b' }, note: 'n' }],
    ];
    for (const [state, command] of commands)
      expect([command.type, codeOf(state, command)]).toEqual([command.type, 'NOT_THE_UNIT']);
    expect(messageOf(delivered(), acknowledge(stranger))).toBe('无权操作：该承办任务属于尧都区民政局（141002）');
    expect(codeOf(delivered(), acknowledge(system))).toBeNull();
  });

  it('NOT_THE_ISSUER, NOT_A_LEADER, NOT_A_SUPERVISOR, NOT_AN_ADMIN', () => {
    expect(messageOf(reported(), { type: 'accept', actor: county })).toBe('只有发文单位可以办结该任务');
    expect(messageOf(reported(), { type: 'return', actor: county, reason: 'r', newDeadline: null })).toBe(
      '只有发文单位可以退回报送材料',
    );
    const requested = play(
      acknowledged(),
      { type: 'requestExtension', actor: county, newDeadline: DEADLINE + DAY, reason: 'r' },
      at,
    ).state;
    const decide_ = (actor: typeof city): Command => ({
      type: 'decideExtension',
      actor,
      requestId: 'assignment:d:141002#X1',
      approve: true,
      note: null,
    });
    expect(refusalOf(requested, decide_({ unitCode: '140000', role: 'leader' }), at)).toEqual({
      code: 'NOT_THE_ISSUER',
      message: '只有发文单位可以审批延期申请',
    });
    expect(refusalOf(requested, decide_(city), at)).toEqual({
      code: 'NOT_A_LEADER',
      message: '延期申请须由发文单位领导审批',
    });
    expect(refusalOf(acknowledged(), { type: 'urge', actor: county, note: null }, at)).toEqual({
      code: 'NOT_A_SUPERVISOR',
      message: '只有发文单位或上级督查人员可以催办',
    });
    expect(codeOf(acknowledged(), { type: 'urge', actor: admin, note: null })).toBeNull();
    expect(
      refusalOf(acknowledged(), { type: 'reschedule', actor: city, schedule: acknowledged().schedule }, at),
    ).toEqual({ code: 'NOT_AN_ADMIN', message: '只有系统管理员可以按新日历重排时限' });
  });

  it('WITHDRAWN: a withdrawn assignment is not acknowledged, forwarded, reported or accepted', () => {
    const state = withdrawnState();
    for (const command of [acknowledge(), forwardCommand(), report(), { type: 'accept', actor: city } as Command]) {
      expect(refusalOf(state, command, at)).toEqual({ code: 'WITHDRAWN', message: '该任务已撤回，不能再办理' });
    }
  });

  it('CLOSED: no extension, decision, urge, return or reschedule once accepted or withdrawn', () => {
    expect(
      refusalOf(
        acceptedState(),
        { type: 'requestExtension', actor: county, newDeadline: DEADLINE + DAY, reason: 'r' },
        at,
      ),
    ).toEqual({ code: 'CLOSED', message: '该任务已办结，不能再办理' });
    expect(messageOf(withdrawnState(), { type: 'urge', actor: city, note: null })).toBe('该任务已撤回，不能再办理');
    expect(codeOf(withdrawnState(), { type: 'return', actor: city, reason: 'r', newDeadline: null })).toBe('CLOSED');
    expect(codeOf(acceptedState(), { type: 'reschedule', actor: system, schedule: delivered().schedule })).toBe(
      'CLOSED',
    );
    expect(
      codeOf(acceptedState(), {
        type: 'decideExtension',
        actor: cityLeader,
        requestId: 'x',
        approve: true,
        note: null,
      }),
    ).toBe('CLOSED');
  });

  it('BUSY: no second forward or report while a forward runs', () => {
    const busy = factsAt(at.now, { busy: true });
    expect(refusalOf(acknowledged(), forwardCommand(county, DEADLINE - DAY), busy)).toEqual({
      code: 'BUSY',
      message: '正在处理上一项操作，请稍后再试',
    });
    expect(
      codeOf(acknowledged(), { ...forwardCommand(), forward: { ...forwardCommand().forward, directiveId: 'g' } }, busy),
    ).toBe('BUSY');
    expect(codeOf(acknowledged(), report(), busy)).toBe('BUSY');
  });

  it('ALREADY_FORWARDED and WRONG_STATUS for a forward', () => {
    const again = { ...forwardCommand(), forward: { ...forwardCommand().forward, directiveId: 'g' } };
    expect(refusalOf(forwarded(), again, at)).toEqual({
      code: 'ALREADY_FORWARDED',
      message: '已转发（尧民函〔2026〕1号），不能重复转发',
    });
    expect(refusalOf(reported(), again, at)).toEqual({ code: 'WRONG_STATUS', message: '当前状态（REPORTED）不能转发' });
  });

  it('INVALID_REQUEST for a forward: deadline not a number, recipients empty, duplicated, the unit itself; DEADLINE_* for its deadline', () => {
    const base = forwardCommand();
    const withForward = (forward: Partial<typeof base.forward>): Command => ({
      ...base,
      forward: { ...base.forward, ...forward },
    });
    expect(messageOf(acknowledged(), withForward({ deadline: Number.NaN }))).toBe('转发期限无效');
    expect(refusalOf(acknowledged(), withForward({ deadline: DEADLINE + 1 }), at)).toEqual({
      code: 'DEADLINE_TOO_LATE',
      message: '转发期限 2026年11月12日 09:00 晚于本单位报送期限 2026年11月12日 09:00',
    });
    expect(refusalOf(acknowledged(), withForward({ deadline: at.now - 60_000 }), at)).toEqual({
      code: 'DEADLINE_PAST',
      message: '转发期限 2026年11月2日 09:59 早于当前时间 2026年11月2日 10:00',
    });
    expect(messageOf(acknowledged(), withForward({ recipients: [] }))).toBe('请至少选择一个接收单位');
    expect(messageOf(acknowledged(), withForward({ recipients: [{ unitCode: '141002', unitName: '本单位' }] }))).toBe(
      '不能发给本单位',
    );
    const twice = [
      { unitCode: '1', unitName: 'a' },
      { unitCode: '1', unitName: 'a' },
    ];
    expect(refusalOf(acknowledged(), withForward({ recipients: twice }), at)).toEqual({
      code: 'INVALID_REQUEST',
      message: '接收单位重复：1',
    });
    const many = Array.from({ length: 1001 }, (_, i) => ({ unitCode: `u${i}`, unitName: `u${i}` }));
    expect(messageOf(acknowledged(), withForward({ recipients: many }))).toBe(
      '一次最多下发1000个单位，请分批或逐级转发',
    );
  });

  it('FORWARD_REJECTED: the review refused the forward', () => {
    const rejected = {
      ...forwardCommand(),
      results: { review: { rejection: '接收单位不是本单位的下级', warnings: [], recipients: [] } },
    };
    expect(decide(acknowledged(), rejected, at)).toEqual({
      refusal: { code: 'FORWARD_REJECTED', message: '接收单位不是本单位的下级' },
    });
  });

  it('NOT_ACKNOWLEDGED, ALREADY_REPORTED, INVALID_REQUEST and CHILDREN_NOT_REPORTED for a report', () => {
    expect(refusalOf(delivered(), report(), at)).toEqual({
      code: 'NOT_ACKNOWLEDGED',
      message: '尚未签收，请先签收再报送',
    });
    expect(refusalOf(reported(), report(), at)).toEqual({ code: 'ALREADY_REPORTED', message: '已报送，不能重复报送' });
    expect(codeOf(acceptedState(), report())).toBe('ALREADY_REPORTED');
    expect(refusalOf(acknowledged(), report('  '), at)).toEqual({
      code: 'INVALID_REQUEST',
      message: '报送内容不能为空（无则报零请勾选“零报告”）',
    });
    const strict = { ...forwarded(), policy: { ...forwarded().policy, requireChildrenBeforeReport: true } };
    expect(refusalOf(strict, report(), factsAt(at.now, { childrenAllReported: false }))).toEqual({
      code: 'CHILDREN_NOT_REPORTED',
      message: '本公文要求下级单位全部报送后才能上报，仍有下级单位未报送',
    });
    expect(codeOf(strict, report(), factsAt(at.now, { childrenAllReported: true }))).toBeNull();
  });

  it('NOT_REPORTED: nothing to accept or return before a report', () => {
    expect(refusalOf(acknowledged(), { type: 'accept', actor: city }, at)).toEqual({
      code: 'NOT_REPORTED',
      message: '尚未报送，不能办结',
    });
    expect(refusalOf(acknowledged(), { type: 'return', actor: city, reason: 'r', newDeadline: null }, at)).toEqual({
      code: 'NOT_REPORTED',
      message: '尚未报送，没有可退回的材料',
    });
    expect(codeOf(returned(), { type: 'return', actor: city, reason: 'r', newDeadline: null })).toBe('NOT_REPORTED');
  });

  it('a return: INVALID_REQUEST without a reason, DEADLINE_* for a new deadline past or beyond the issuer own', () => {
    expect(messageOf(reported(), { type: 'return', actor: city, reason: ' ', newDeadline: null })).toBe(
      '请填写退回理由',
    );
    expect(refusalOf(reported(), { type: 'return', actor: city, reason: 'r', newDeadline: at.now }, at)).toEqual({
      code: 'DEADLINE_PAST',
      message: '新的报送期限 2026年11月2日 10:00 早于当前时间 2026年11月2日 10:00',
    });
    const late: Command = { type: 'return', actor: city, reason: 'r', newDeadline: DEADLINE + DAY };
    expect(refusalOf(reported(), { ...late, issuerDeadline: DEADLINE }, at)).toEqual({
      code: 'DEADLINE_TOO_LATE',
      message: '新的报送期限 2026年11月13日 晚于本单位报送期限 2026年11月12日',
    });
    expect(refusalOf(reported(), { ...late, issuerDeadline: null }, at)).toBeNull();
  });

  it('extension requests: ALREADY_REPORTED, INVALID_REQUEST, EXTENSION_PENDING', () => {
    const ask = (newDeadline: number, reason = '人手不足'): Command => ({
      type: 'requestExtension',
      actor: county,
      newDeadline,
      reason,
    });
    expect(refusalOf(reported(), ask(DEADLINE + DAY), at)).toEqual({
      code: 'ALREADY_REPORTED',
      message: '已报送，无需申请延期',
    });
    expect(messageOf(acknowledged(), ask(DEADLINE + DAY, ''))).toBe('请填写延期理由');
    expect(messageOf(acknowledged(), ask(DEADLINE))).toBe(
      '申请的延期期限 2026年11月12日 不晚于当前报送期限 2026年11月12日',
    );
    expect(
      refusalOf(acknowledged(), { ...ask(DEADLINE + 2 * DAY), issuerDeadline: DEADLINE + DAY } as Command, at),
    ).toEqual({
      code: 'DEADLINE_TOO_LATE',
      message: '申请的延期期限 2026年11月14日 晚于发文单位报送期限 2026年11月13日',
    });
    expect(refusalOf(acknowledged(), ask(at.now - DAY), at)).toMatchObject({ code: 'DEADLINE_PAST' });
    const pending = play(acknowledged(), ask(DEADLINE + DAY), at).state;
    expect(refusalOf(pending, ask(DEADLINE + 2 * DAY), at)).toEqual({
      code: 'EXTENSION_PENDING',
      message: '已有待审批的延期申请',
    });
  });

  it('extension decisions: NO_SUCH_REQUEST, ALREADY_DECIDED', () => {
    const pending = play(
      acknowledged(),
      { type: 'requestExtension', actor: county, newDeadline: DEADLINE + DAY, reason: 'r' },
      at,
    ).state;
    const decision = (requestId: string): Command => ({
      type: 'decideExtension',
      actor: cityLeader,
      requestId,
      approve: false,
      note: null,
    });
    expect(refusalOf(pending, decision('x'), at)).toEqual({ code: 'NO_SUCH_REQUEST', message: '没有这项延期申请' });
    const decided = play(pending, decision('assignment:d:141002#X1'), at).state;
    expect(refusalOf(decided, decision('assignment:d:141002#X1'), at)).toEqual({
      code: 'ALREADY_DECIDED',
      message: '该延期申请已处理',
    });
  });

  it('extension approvals: DEADLINE_TOO_LATE beyond the approver own deadline, DEADLINE_PAST once the date passed', () => {
    const pending = play(
      acknowledged(),
      { type: 'requestExtension', actor: county, newDeadline: DEADLINE + DAY, reason: 'r' },
      at,
    ).state;
    const approval = (issuerDeadline: number | null): Command => ({
      type: 'decideExtension',
      actor: cityLeader,
      requestId: 'assignment:d:141002#X1',
      approve: true,
      note: null,
      issuerDeadline,
    });
    expect(refusalOf(pending, approval(DEADLINE), at)).toEqual({
      code: 'DEADLINE_TOO_LATE',
      message: '延期期限 2026年11月13日 晚于本单位报送期限 2026年11月12日',
    });
    expect(refusalOf(pending, approval(DEADLINE + DAY), at)).toBeNull();
    expect(refusalOf(pending, approval(null), factsAt(DEADLINE + 2 * DAY))).toMatchObject({ code: 'DEADLINE_PAST' });
    // Rejecting needs no deadline check.
    expect(refusalOf(pending, { ...approval(DEADLINE), approve: false } as Command, at)).toBeNull();
  });

  it('urges: ALREADY_REPORTED once the report is in', () => {
    expect(refusalOf(reported(), { type: 'urge', actor: city, note: null }, at)).toEqual({
      code: 'ALREADY_REPORTED',
      message: '该单位已报送，无需催办',
    });
  });

  it('NO_SUCH_AMENDMENT', () => {
    expect(refusalOf(acknowledged(), { type: 'acknowledgeAmendment', actor: county, version: 2 }, at)).toEqual({
      code: 'NO_SUCH_AMENDMENT',
      message: '没有第2版更正通知',
    });
  });

  it('forward changes: NOT_FORWARDED, INVALID_REQUEST for unknown recipients, DEADLINE_TOO_LATE for a later deadline', () => {
    expect(refusalOf(acknowledged(), { type: 'withdrawForward', actor: county, reason: 'r', units: null }, at)).toEqual(
      { code: 'NOT_FORWARDED', message: '本单位尚未转发，无可撤回或更正的转发文件' },
    );
    expect(codeOf(acknowledged(), { type: 'amendForward', actor: county, changes: {}, note: 'n' })).toBe(
      'NOT_FORWARDED',
    );
    expect(messageOf(forwarded(), { type: 'withdrawForward', actor: county, reason: 'r', units: ['9', '8'] })).toBe(
      '这些单位不是该转发文件的接收单位：9、8',
    );
    expect(
      refusalOf(
        forwarded(),
        { type: 'amendForward', actor: county, changes: { deadline: DEADLINE + 1 }, note: 'n' },
        at,
      ),
    ).toEqual({
      code: 'DEADLINE_TOO_LATE',
      message: '转发期限 2026年11月12日 09:00 晚于本单位报送期限 2026年11月12日 09:00',
    });
    expect(
      codeOf(forwarded(), { type: 'amendForward', actor: county, changes: { deadline: at.now - DAY }, note: 'n' }),
    ).toBe('DEADLINE_PAST');
  });

  it('decide refuses what the validator refuses, and needs no activity then', () => {
    expect(decide(delivered(), report(), at)).toEqual({ refusal: refusalOf(delivered(), report(), at) });
    expect(
      needsOf(forwarded(), { ...forwardCommand(), forward: { ...forwardCommand().forward, directiveId: 'g' } }, at),
    ).toEqual({});
  });
});
