import fc from 'fast-check';
import { ASSIGNMENT_STATUSES, type AssignmentState } from '@cascade/contracts';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';
import { pendingSteps } from '../assignment-steps';
import { type Command, decide, evolve, type MachineEvent, needsOf } from './assignment-machine';
import {
  accepted,
  admin,
  city,
  cityLeader,
  county,
  DAY,
  DEADLINE,
  delivered,
  factsAt,
  province,
  scheduleFor,
  stranger,
  T0,
} from './machine-fixtures';

/** Any command anyone may send, valid or not, weighted so that sequences go far; timer steps come from the state, as in the workflow. */
// Mostly the unit and its issuer, mostly plausible deadlines: random sequences then reach every status.
const anyActor = fc.oneof(
  { arbitrary: fc.constant(county), weight: 5 },
  { arbitrary: fc.constant(city), weight: 3 },
  fc.constantFrom(cityLeader, province, admin, stranger),
);
const anyDeadline = fc.integer({ min: -3, max: 6 }).map((days) => DEADLINE + days * DAY);

type Intent = Command | 'tick';
const anyIntent: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Intent>('tick') },
  { weight: 4, arbitrary: anyActor.map((actor): Intent => ({ type: 'acknowledge', actor })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ actor: anyActor, deadline: anyDeadline, id: fc.constantFrom('f', 'g') })
      .map(({ actor, deadline, id }): Intent => ({
        type: 'forward',
        actor,
        forward: { directiveId: id, docNumber: '尧民函', title: '转发', recipients: accepted.recipients, deadline },
      })),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({ actor: anyActor, content: fc.constantFrom('', '已学习'), zeroReport: fc.boolean() })
      .map(({ actor, content, zeroReport }): Intent => ({ type: 'report', actor, report: { content, zeroReport } })),
  },
  { weight: 2, arbitrary: anyActor.map((actor): Intent => ({ type: 'accept', actor })) },
  {
    weight: 4,
    arbitrary: fc
      .record({
        actor: anyActor,
        reason: fc.constantFrom('', '缺材料'),
        newDeadline: fc.option(anyDeadline, { nil: null }),
      })
      .map((r): Intent => ({ type: 'return', ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ actor: anyActor, newDeadline: anyDeadline })
      .map((r): Intent => ({ type: 'requestExtension', ...r, reason: '人手不足' })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ actor: anyActor, approve: fc.boolean(), n: fc.integer({ min: 1, max: 3 }) })
      .map(({ actor, approve, n }): Intent => ({
        type: 'decideExtension',
        actor,
        approve,
        requestId: `assignment:d:141002#X${n}`,
        note: null,
      })),
  },
  { weight: 2, arbitrary: anyActor.map((actor): Intent => ({ type: 'urge', actor, note: null })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ actor: anyActor, version: fc.integer({ min: 2, max: 4 }) })
      .map((r): Intent => ({ type: 'acknowledgeAmendment', ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ actor: anyActor, deadline: anyDeadline })
      .map(({ actor, deadline }): Intent => ({ type: 'reschedule', actor, schedule: scheduleFor(deadline) })),
  },
  {
    weight: 1,
    arbitrary: anyActor.map((actor): Intent => ({ type: 'withdrawForward', actor, reason: '重发', units: null })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ actor: anyActor, deadline: anyDeadline })
      .map(({ actor, deadline }): Intent => ({ type: 'amendForward', actor, changes: { deadline }, note: '更正' })),
  },
  { weight: 1, arbitrary: fc.constant<Intent>({ type: 'withdraw', actor: city, reason: '撤回' }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ version: fc.integer({ min: 2, max: 4 }), deadline: fc.option(anyDeadline, { nil: undefined }) })
      .map(({ version, deadline }): Intent => ({
        type: 'amend',
        actor: city,
        version,
        changes: deadline === undefined ? { body: '补充' } : { deadline },
        note: '更正',
      })),
  },
);

/** The activities' answers, as the workflow would pass them. */
function answered(state: AssignmentState, command: Command, now: number): Command {
  const needs = needsOf(state, command, factsAt(now));
  return {
    ...command,
    results: {
      ...(needs.review ? { review: accepted } : {}),
      ...(needs.schedule ? { schedule: scheduleFor(needs.schedule.deadline) } : {}),
      ...(needs.forwardDeadline ? { forwardDeadline: needs.forwardDeadline.parentDeadline - DAY } : {}),
    },
  };
}

interface Step {
  before: AssignmentState;
  after: AssignmentState;
  events: MachineEvent[];
}

/** Plays intents with the clock moving 7 hours per intent: a tick fires the earliest pending step once due. */
function run(intents: Intent[]): Step[] {
  let state = delivered();
  let now = T0;
  const steps: Step[] = [];
  for (const intent of intents) {
    now += 7 * 3600_000;
    let command: Command;
    if (intent === 'tick') {
      const due = pendingSteps(state).sort((a, b) => a.at - b.at)[0];
      if (!due) continue;
      now = Math.max(now, due.at);
      command = { type: 'fire', actor: null, step: due };
    } else {
      command = answered(state, intent, now);
    }
    const decision = decide(state, command, factsAt(now));
    if (decision.refusal) continue;
    const after = decision.events.reduce(evolve, state);
    steps.push({ before: state, after, events: decision.events });
    state = after;
  }
  return steps;
}

const sequences = fc.array(anyIntent, { minLength: 10, maxLength: 80, size: 'max' });

describe('the assignment machine over random command sequences', () => {
  it('escalates each reason and level at most once per assignment, and fires each timer step at most once', () => {
    fc.assert(
      fc.property(sequences, (intents) => {
        const steps = run(intents);
        const last = steps.at(-1)?.after ?? delivered();
        expect(new Set(last.firedSteps).size).toBe(last.firedSteps.length);
        expect(new Set(last.escalations.map((e) => `${e.reason}:${e.level}`)).size).toBe(last.escalations.length);
        // The acknowledgement has a ladder of one step; the deadline's climbs 1–3.
        expect(last.escalations.filter((e) => e.reason === 'NOT_ACKNOWLEDGED').every((e) => e.level === 1)).toBe(true);
        const fired = steps
          .flatMap((s) => s.events)
          .filter((e) => e.type === 'ESCALATED' || e.type === 'REMINDER_SENT');
        expect(fired.length).toBe(last.firedSteps.length);
      }),
      { numRuns: 500 },
    );
  });

  it('does nothing once withdrawn', () => {
    fc.assert(
      fc.property(sequences, (intents) => {
        for (const step of run(intents)) {
          if (step.before.status === 'WITHDRAWN') expect(step.events).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('only adds report versions, numbered 1, 2, 3 …, and never changes one but to mark it returned', () => {
    fc.assert(
      fc.property(sequences, (intents) => {
        for (const { before, after } of run(intents)) {
          expect(after.reports.length).toBeGreaterThanOrEqual(before.reports.length);
          expect(after.reports.map((r) => r.version)).toEqual(after.reports.map((_r, i) => i + 1));
          before.reports.forEach((report, i) =>
            expect({ ...after.reports[i], status: report.status, returnReason: report.returnReason }).toEqual(report),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is always in a status a person can name', () => {
    fc.assert(
      fc.property(sequences, (intents) => {
        for (const { after } of run(intents)) {
          expect(ASSIGNMENT_STATUSES).toContain(after.status);
          expect(ASSIGNMENT_STATUS_LABELS[after.status]).toMatch(/^[\u4e00-\u9fa5]+$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('shows RETURNED from a return until the next report, with the reason on the returned version', () => {
    fc.assert(
      fc.property(sequences, (intents) => {
        for (const { before, after, events } of run(intents)) {
          if (events.some((e) => e.type === 'REPORT_RETURNED')) {
            expect(after.status).toBe('RETURNED');
            expect(after.reports.at(-1)?.returnReason).toBeTruthy();
          } else if (before.status === 'RETURNED') {
            expect(['RETURNED', 'REPORTED', 'FORWARDED', 'WITHDRAWN']).toContain(after.status);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
