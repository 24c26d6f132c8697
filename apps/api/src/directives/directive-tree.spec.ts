import type { AssignmentStatus } from '@cascade/contracts';
import { assembleTree, type TreeNode, type TreeRow } from './directive-tree';

const row = (
  directiveId: string,
  unitPath: string,
  parent: string | null,
  status: AssignmentStatus = 'DELIVERED',
  forwarded: string | null = null,
): TreeRow => {
  const unitCode = unitPath.split('/').at(-2)!;
  return {
    id: `assignment:${directiveId}:${unitCode}`,
    directiveId,
    parentAssignmentId: parent,
    unitCode,
    unitName: `单位${unitCode}`,
    unitPath,
    status,
    deadline: Date.UTC(2024, 10, 20, 10),
    overdue: false,
    escalationLevel: 0,
    forwardedDirectiveId: forwarded,
  };
};

// 56 (民政部 → 山西) → 169 (山西 → 临汾, 太原) → 89 (临汾 → 尧都, 曲沃)
const rows: TreeRow[] = [
  row('56', '000000/140000/', null, 'FORWARDED', '169'),
  row('169', '000000/140000/141000/', 'assignment:56:140000', 'FORWARDED', '89'),
  row('169', '000000/140000/140100/', 'assignment:56:140000', 'REPORTED'),
  row('89', '000000/140000/141000/141002/', 'assignment:169:141000', 'ACKNOWLEDGED'),
  row('89', '000000/140000/141000/141021/', 'assignment:169:141000'),
];

const units = (nodes: TreeNode[]): unknown[] =>
  nodes.map((n) => (n.children.length ? [n.unitCode, units(n.children)] : n.unitCode));

describe('assembleTree', () => {
  it('spans every forwarding level from the directive down', () => {
    const tree = assembleTree(rows, '56', { kind: 'all' });
    expect(units(tree.nodes)).toEqual([['140000', [['141000', ['141002', '141021']], '140100']]]);
    expect(tree.nodes[0]).toMatchObject({
      assignmentId: 'assignment:56:140000',
      forwardedDirectiveId: '169',
      deadline: '2024-11-20T10:00:00.000Z',
    });
    expect(tree.counts).toMatchObject({ FORWARDED: 2, REPORTED: 1, ACKNOWLEDGED: 1, DELIVERED: 1, ACCEPTED: 0 });
  });

  it('starts at the directive asked for, not at the top of the chain', () => {
    expect(units(assembleTree(rows, '169', { kind: 'all' }).nodes)).toEqual([
      ['141000', ['141002', '141021']],
      '140100',
    ]);
    expect('forwardedDirectiveId' in assembleTree(rows, '89', { kind: 'all' }).nodes[0]).toBe(false);
  });

  it("shows a recipient only its own node and what lies below it, never its siblings' statuses", () => {
    const tree = assembleTree(rows, '169', { kind: 'own', unitCode: '141000' });
    expect(units(tree.nodes)).toEqual([['141000', ['141002', '141021']]]);
    expect(tree.counts.REPORTED).toBe(0);
  });

  it('prunes to a supervisor subtree, lifting visible nodes above hidden ones', () => {
    expect(units(assembleTree(rows, '56', { kind: 'subtree', path: '000000/140000/141000/' }).nodes)).toEqual([
      ['141000', ['141002', '141021']],
    ]);
    const county = assembleTree(rows, '56', { kind: 'subtree', path: '000000/140000/141000/141002/' });
    expect(units(county.nodes)).toEqual(['141002']);
    expect(county.counts.ACKNOWLEDGED).toBe(1);
    expect(Object.values(county.counts).reduce((a, b) => a + b)).toBe(1);
  });
});
