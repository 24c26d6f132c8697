import { type AssignmentState, DEFAULT_POLICY } from '@cascade/contracts';
import { initialState } from './assignment-state';
import {
  amendmentAckProblem,
  extensionDecisionProblem,
  extensionRequestProblem,
  forwardChangeProblem,
  rescheduleProblem,
  returnProblem,
  urgeProblem,
} from './change-rules';

const DEADLINE = Date.UTC(2026, 11, 10, 15, 59, 59, 999);

function state(overrides: Partial<AssignmentState> = {}): AssignmentState {
  const delivered = initialState(
    {
      directive: { id: 'd', rootDirectiveId: 'd', docNumber: '', title: '', issuerUnit: '141000' },
      unit: { unitCode: '141002', unitName: '尧都区民政局' },
      parentWorkflowId: 'directive:d',
      parentAssignmentId: null,
      deliveredAt: 0,
      schedule: { deadline: DEADLINE, ackDueAt: 0, reminders: [], ladder: [] },
      policy: DEFAULT_POLICY,
    },
    'assignment:d:141002',
  );
  return { ...delivered, status: 'ACKNOWLEDGED', acknowledgedAt: 1, ...overrides };
}

const county = { unitCode: '141002', role: 'clerk' as const };
const city = { unitCode: '141000', role: 'clerk' as const };
const cityLeader = { unitCode: '141000', role: 'leader' as const };

describe('rules of changes while a cascade runs', () => {
  it('refuses to return an unreported assignment, and lets only the issuer return', () => {
    expect(returnProblem(state(), city, '缺材料', null, 0)).toMatch('尚未报送');
    expect(returnProblem(state({ status: 'REPORTED' }), county, '缺材料', null, 0)).toMatch('只有发文单位');
    expect(returnProblem(state({ status: 'REPORTED' }), city, ' ', null, 0)).toMatch('退回理由');
    expect(returnProblem(state({ status: 'REPORTED' }), city, '缺材料', 5, 10)).toMatch('晚于当前时间');
    expect(returnProblem(state({ status: 'REPORTED' }), city, '缺材料', null, 0)).toBeNull();
  });

  it('refuses to extend a withdrawn, reported or foreign assignment, or to an earlier deadline', () => {
    expect(extensionRequestProblem(state({ status: 'WITHDRAWN' }), county, DEADLINE + 1, '理由')).toMatch('已撤回');
    expect(extensionRequestProblem(state({ status: 'REPORTED' }), county, DEADLINE + 1, '理由')).toMatch('已报送');
    expect(extensionRequestProblem(state(), city, DEADLINE + 1, '理由')).toMatch('无权操作');
    expect(extensionRequestProblem(state(), county, DEADLINE - 1, '理由')).toMatch('晚于当前报送时限');
    expect(extensionRequestProblem(state(), county, DEADLINE + 1, '')).toMatch('延期理由');
    expect(extensionRequestProblem(state(), county, DEADLINE + 1, '理由')).toBeNull();
  });

  it('lets only a leader of the issuing unit decide a pending request, once', () => {
    const pending = state({
      extensionRequests: [
        { id: 'x1', requestedDeadline: DEADLINE + 1, reason: 'r', requestedAt: 0, requestedBy: county, status: 'PENDING', decidedAt: null, decidedBy: null, decisionNote: null },
      ],
    });
    expect(extensionDecisionProblem(pending, city, 'x1')).toMatch('领导审批');
    expect(extensionDecisionProblem(pending, { unitCode: '140000', role: 'leader' }, 'x1')).toMatch('只有发文单位');
    expect(extensionDecisionProblem(pending, cityLeader, 'x2')).toMatch('没有这项延期申请');
    expect(extensionDecisionProblem(pending, cityLeader, 'x1')).toBeNull();
    const decided = state({ extensionRequests: [{ ...pending.extensionRequests![0], status: 'APPROVED' }] });
    expect(extensionDecisionProblem(decided, cityLeader, 'x1')).toMatch('已处理');
  });

  it('lets the issuer or a supervisor urge a unit that still owes its report', () => {
    expect(urgeProblem(state(), county)).toMatch('只有发文单位或上级督查人员');
    expect(urgeProblem(state(), { unitCode: '140000', role: 'supervisor' })).toBeNull();
    expect(urgeProblem(state({ status: 'REPORTED' }), city)).toMatch('无需催办');
    expect(urgeProblem(state({ status: 'ACCEPTED' }), city)).toMatch('已办结');
  });

  it('checks amendment acknowledgements, reschedules and forward changes', () => {
    expect(amendmentAckProblem(state(), county, 2)).toMatch('没有第2版');
    expect(amendmentAckProblem(state({ amendments: [{ version: 2, note: 'n', changes: {}, receivedAt: 0, acknowledgedAt: null }] }), county, 2)).toBeNull();
    expect(rescheduleProblem(state(), city)).toMatch('系统管理员');
    expect(rescheduleProblem(state(), { unitCode: '000000', role: 'system' })).toBeNull();
    expect(forwardChangeProblem(state(), county, null)).toMatch('尚未转发');
  });
});
