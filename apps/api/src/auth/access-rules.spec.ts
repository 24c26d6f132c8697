import type { ApiRole } from '@cascade/persistence';
import {
  type AssignmentLink,
  canIssueFor,
  canReadAssignment,
  canReadInbox,
  type DirectiveFacts,
  directiveView,
  escalationScope,
  operationProblem,
} from './access-rules';

const PATHS: Record<string, string> = {
  '000000': '000000/',
  '140000': '000000/140000/',
  '141000': '000000/140000/141000/',
  '140100': '000000/140000/140100/',
  '141002': '000000/140000/141000/141002/',
  '141021': '000000/140000/141000/141021/',
};
const caller = (unitCode: string, role: ApiRole) => ({ unitCode, role, unitPath: PATHS[unitCode] });
const link = (unitCode: string, issuerUnit: string): AssignmentLink => ({
  unitCode,
  issuerUnit,
  unitPath: PATHS[unitCode],
});

// 56: 民政部 → 山西; 169: 山西 → 临汾, 太原; 89: 临汾 → 尧都, 曲沃
const shanxiIn56 = link('140000', '000000');
const linfenIn169 = link('141000', '140000');
const yaoduIn89 = link('141002', '141000');
const chainOfYaodu = [yaoduIn89, linfenIn169, shanxiIn56];
const chainOfQuwo = [link('141021', '141000'), linfenIn169, shanxiIn56];
const chainOfTaiyuan = [link('140100', '140000'), shanxiIn56];

const facts = (overrides: Partial<DirectiveFacts>): DirectiveFacts => ({
  issuerUnit: '141000',
  issuerPath: PATHS['141000'],
  receivedByCaller: false,
  touchesCallerSubtree: false,
  ancestors: [],
  ...overrides,
});

describe('access rules', () => {
  describe('reading an assignment', () => {
    it.each([
      ['its own unit', caller('141002', 'clerk'), chainOfYaodu, true],
      ['the issuer', caller('141000', 'clerk'), chainOfYaodu, true],
      ['a unit above it in the forwarding chain', caller('140000', 'leader'), chainOfYaodu, true],
      ['a sibling', caller('141021', 'clerk'), chainOfYaodu, false],
      ['an unrelated branch', caller('140100', 'clerk'), chainOfYaodu, false],
      ['a unit below it', caller('141002', 'clerk'), chainOfTaiyuan, false],
      ['a supervisor above it', caller('141000', 'supervisor'), chainOfQuwo, true],
      ['a supervisor beside it', caller('140100', 'supervisor'), chainOfQuwo, false],
      ['a supervisor of the unit itself', caller('141002', 'supervisor'), chainOfYaodu, true],
      ['an admin anywhere', caller('141021', 'admin'), chainOfTaiyuan, true],
    ])('%s: %s', (_what, who, chain, expected) => {
      expect(canReadAssignment(who, chain)).toBe(expected);
    });

    // AccessPolicy reads the chain above an assignment only when the assignment alone does not let the caller in.
    it('lets in whoever a start of the chain lets in, whatever the rest of the chain', () => {
      const roles: ApiRole[] = ['clerk', 'leader', 'supervisor', 'admin'];
      const refusedByWholeChain: string[] = [];
      let letInByAStart = 0;
      for (const chain of [chainOfYaodu, chainOfQuwo, chainOfTaiyuan])
        for (const unit of Object.keys(PATHS))
          for (const role of roles)
            for (let length = 1; length <= chain.length; length++) {
              const who = caller(unit, role);
              if (!canReadAssignment(who, chain.slice(0, length))) continue;
              letInByAStart++;
              if (!canReadAssignment(who, chain)) refusedByWholeChain.push(`${unit} ${role} ${chain[0].unitCode}`);
            }
      expect(letInByAStart).toBeGreaterThan(0);
      expect(refusedByWholeChain).toEqual([]);
    });
  });

  describe('operating on an assignment', () => {
    it('lets a unit acknowledge, forward and report its own assignment, and the issuer accept', () => {
      for (const role of ['clerk', 'leader', 'admin'] as const) {
        expect(operationProblem(caller('141002', role), yaoduIn89, 'acknowledge')).toBeNull();
        expect(operationProblem(caller('141002', role), yaoduIn89, 'report')).toBeNull();
        expect(operationProblem(caller('141000', role), yaoduIn89, 'accept')).toBeNull();
      }
    });

    it('refuses the issuer acknowledging for its recipient, the recipient accepting itself, and supervisors', () => {
      expect(operationProblem(caller('141000', 'clerk'), yaoduIn89, 'acknowledge')).toMatch(/本单位/);
      expect(operationProblem(caller('141002', 'clerk'), yaoduIn89, 'accept')).toMatch(/发文单位/);
      expect(operationProblem(caller('141002', 'supervisor'), yaoduIn89, 'report')).toMatch(/只能查看/);
    });
  });

  it('lets a unit issue only in its own name, and an admin in any', () => {
    expect(canIssueFor(caller('140000', 'clerk'), '140000')).toBe(true);
    expect(canIssueFor(caller('140000', 'leader'), '141000')).toBe(false);
    expect(canIssueFor(caller('140000', 'supervisor'), '140000')).toBe(false);
    expect(canIssueFor(caller('000000', 'admin'), '141000')).toBe(true);
  });

  describe('seeing a directive', () => {
    it('shows the issuer all of it, a recipient its own part, a unit above the forward all of it', () => {
      expect(directiveView(caller('141000', 'clerk'), facts({}))).toEqual({ kind: 'all' });
      expect(
        directiveView(
          caller('141002', 'clerk'),
          facts({ receivedByCaller: true, ancestors: [linfenIn169, shanxiIn56] }),
        ),
      ).toEqual({
        kind: 'own',
        unitCode: '141002',
      });
      expect(directiveView(caller('140000', 'clerk'), facts({ ancestors: [linfenIn169, shanxiIn56] }))).toEqual({
        kind: 'all',
      });
    });

    it('hides from a unit the directive it only received through a forward', () => {
      // 56 seen by 尧都: it holds no assignment of 56 and issued nothing in it.
      expect(
        directiveView(caller('141002', 'clerk'), facts({ issuerUnit: '000000', issuerPath: PATHS['000000'] })),
      ).toBeNull();
      expect(directiveView(caller('140100', 'leader'), facts({ ancestors: [linfenIn169, shanxiIn56] }))).toBeNull();
    });

    it('shows a unit the 上级来文 of what it received, as read-only as its own part', () => {
      // 56 seen by 尧都, which received 89, the forward of 169, the forward of 56.
      const upstream = facts({ issuerUnit: '000000', issuerPath: PATHS['000000'], upstreamOfCaller: true });
      expect(directiveView(caller('141002', 'clerk'), upstream)).toEqual({ kind: 'own', unitCode: '141002' });
      expect(directiveView(caller('141002', 'supervisor'), upstream)).toEqual({ kind: 'own', unitCode: '141002' });
      expect(directiveView(caller('141002', 'clerk'), { ...upstream, upstreamOfCaller: false })).toBeNull();
    });

    it('shows a supervisor the subtree of a directive that touches it', () => {
      expect(directiveView(caller('141000', 'supervisor'), facts({}))).toEqual({
        kind: 'subtree',
        path: PATHS['141000'],
      });
      expect(directiveView(caller('141002', 'supervisor'), facts({ touchesCallerSubtree: true }))).toEqual({
        kind: 'subtree',
        path: PATHS['141002'],
      });
      expect(directiveView(caller('140100', 'supervisor'), facts({}))).toBeNull();
      expect(directiveView(caller('140100', 'admin'), facts({}))).toEqual({ kind: 'all' });
    });
  });

  it('opens inboxes of the own unit, a supervisor’s subtree, or any for an admin', () => {
    const yaodu = { code: '141002', path: PATHS['141002'] };
    expect(canReadInbox(caller('141002', 'clerk'), yaodu)).toBe(true);
    expect(canReadInbox(caller('141000', 'clerk'), yaodu)).toBe(false);
    expect(canReadInbox(caller('141000', 'supervisor'), yaodu)).toBe(true);
    expect(canReadInbox(caller('140100', 'supervisor'), yaodu)).toBe(false);
    expect(canReadInbox(caller('140100', 'admin'), yaodu)).toBe(true);
  });

  it('scopes escalations to the caller’s subtree, and a clerk to what it holds or issued', () => {
    expect(escalationScope(caller('140000', 'supervisor'), null)).toEqual({ underPath: PATHS['140000'] });
    expect(escalationScope(caller('140000', 'supervisor'), { path: PATHS['141000'] })).toEqual({
      underPath: PATHS['141000'],
    });
    expect(escalationScope(caller('141000', 'supervisor'), { path: PATHS['140000'] })).toBeNull();
    expect(escalationScope(caller('141000', 'clerk'), null)).toEqual({
      underPath: PATHS['141000'],
      involvingUnit: '141000',
    });
    expect(escalationScope(caller('000000', 'admin'), null)).toEqual({ underPath: undefined });
  });
});
