import { type Actor, type AssignmentState, DEFAULT_POLICY, type ReviewForwardResult } from '@cascade/contracts';
import { initialState } from '../assignment-state';
import { type Command, decide, evolve, type Facts, type MachineEvent } from './assignment-machine';

/** A county (尧都区) under a city directive (临汾): the assignment the machine's tests play with. */
export const DAY = 24 * 3600_000;
export const T0 = Date.UTC(2026, 10, 2, 1, 0);
export const DEADLINE = T0 + 10 * DAY;

export const county: Actor = { unitCode: '141002', role: 'clerk' };
export const city: Actor = { unitCode: '141000', role: 'clerk' };
export const cityLeader: Actor = { unitCode: '141000', role: 'leader' };
export const province: Actor = { unitCode: '140000', role: 'supervisor' };
export const admin: Actor = { unitCode: '000000', role: 'admin' };
export const system: Actor = { unitCode: '000000', role: 'system' };
export const stranger: Actor = { unitCode: '141099', role: 'clerk' };

export function delivered(): AssignmentState {
  return initialState(
    {
      directive: {
        id: 'd',
        rootDirectiveId: 'd',
        docNumber: '临市民函〔2026〕1号',
        title: '通知',
        issuerUnit: '141000',
      },
      unit: { unitCode: '141002', unitName: '尧都区民政局' },
      parentWorkflowId: 'directive:d',
      parentAssignmentId: null,
      deliveredAt: T0,
      schedule: scheduleFor(DEADLINE),
      policy: DEFAULT_POLICY,
    },
    'assignment:d:141002',
  );
}

export function factsAt(now: number, overrides: Partial<Facts> = {}): Facts {
  return { now, busy: false, children: null, childrenAllReported: true, rootDirectiveId: 'd', ...overrides };
}

/** A schedule as planSchedule would answer for a new deadline (one reminder, three ladder steps). */
export function scheduleFor(deadline: number) {
  return {
    deadline,
    ackDueAt: T0 + DAY,
    reminders: [{ key: 'remind:1wd', at: deadline - DAY }],
    ladder: [
      { key: 'ladder:1', at: deadline },
      { key: 'ladder:2', at: deadline + 2 * DAY },
      { key: 'ladder:3', at: deadline + 5 * DAY },
    ],
  };
}

export const accepted: ReviewForwardResult = {
  rejection: null,
  warnings: [],
  recipients: [{ unitCode: '141002001', unitName: '屯里镇' }],
};

export function forwardCommand(
  actor: Actor = county,
  deadline = DEADLINE - 2 * DAY,
): Extract<Command, { type: 'forward' }> {
  return {
    type: 'forward',
    actor,
    forward: {
      directiveId: 'f',
      docNumber: '尧民函〔2026〕1号',
      title: '转发',
      recipients: accepted.recipients,
      deadline,
    },
    results: { review: accepted },
  };
}

/** Decides and applies: the state after the command, and its events; throws on a refusal. */
export function play(
  state: AssignmentState,
  command: Command,
  facts: Facts,
): { state: AssignmentState; events: MachineEvent[] } {
  const decision = decide(state, command, facts);
  if (decision.refusal)
    throw new Error(`refused ${command.type}: ${decision.refusal.code} ${decision.refusal.message}`);
  return { state: decision.events.reduce(evolve, state), events: decision.events };
}

/** Plays commands in order, each a minute after the last. */
export function playAll(state: AssignmentState, commands: Command[], from = T0): AssignmentState {
  return commands.reduce((current, command, i) => play(current, command, factsAt(from + i * 60_000)).state, state);
}

export const acknowledge = (actor: Actor = county): Command => ({ type: 'acknowledge', actor });
export const report = (content = '已学习', actor: Actor = county): Command => ({
  type: 'report',
  actor,
  report: { content },
});
