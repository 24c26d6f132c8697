import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '@cascade/contracts';
import type { TreeView } from '../auth/access-rules';
import { toIso } from '../common/instants';

/** The assignment fields a tree node shows (a row of AssignmentsRepository.treeRows). */
export interface TreeRow {
  id: string;
  directiveId: string;
  parentAssignmentId: string | null;
  unitCode: string;
  unitName: string;
  unitPath: string;
  status: AssignmentStatus;
  deadline: number;
  overdue: boolean;
  escalationLevel: number;
  forwardedDirectiveId: string | null;
}

export interface TreeNode {
  assignmentId: string;
  unitCode: string;
  unitName: string;
  status: AssignmentStatus;
  deadline: string;
  overdue: boolean;
  escalationLevel: number;
  forwardedDirectiveId?: string;
  children: TreeNode[];
}

export interface DirectiveTree {
  counts: Record<AssignmentStatus, number>;
  nodes: TreeNode[];
}

function toNode(row: TreeRow, children: TreeNode[]): TreeNode {
  return {
    assignmentId: row.id,
    unitCode: row.unitCode,
    unitName: row.unitName,
    status: row.status,
    deadline: toIso(row.deadline),
    overdue: row.overdue,
    escalationLevel: row.escalationLevel,
    ...(row.forwardedDirectiveId ? { forwardedDirectiveId: row.forwardedDirectiveId } : {}),
    children,
  };
}

/**
 * Assembles the tree of one directive from every row under its top-level directive: its own
 * assignments are the top nodes, the children of a node are the assignments its forward
 * delivered, across every forwarding level. `view` keeps what the caller may see; with a
 * subtree view, visible nodes below a hidden one move up to the nearest visible ancestor.
 * Counts are over the visible nodes only.
 */
export function assembleTree(rows: readonly TreeRow[], directiveId: string, view: TreeView): DirectiveTree {
  const childrenOf = new Map<string, TreeRow[]>();
  for (const row of rows) {
    if (row.parentAssignmentId === null) continue;
    const siblings = childrenOf.get(row.parentAssignmentId);
    if (siblings) siblings.push(row);
    else childrenOf.set(row.parentAssignmentId, [row]);
  }
  const counts = Object.fromEntries(ASSIGNMENT_STATUSES.map((status) => [status, 0])) as Record<
    AssignmentStatus,
    number
  >;
  const visible = (row: TreeRow) => view.kind !== 'subtree' || row.unitPath.startsWith(view.path);
  const seen = new Set<string>();

  const build = (row: TreeRow): TreeNode[] => {
    if (seen.has(row.id)) return [];
    seen.add(row.id);
    const children = (childrenOf.get(row.id) ?? []).flatMap(build);
    if (!visible(row)) return children;
    counts[row.status] += 1;
    return [toNode(row, children)];
  };

  const tops = rows.filter(
    (row) => row.directiveId === directiveId && (view.kind !== 'own' || row.unitCode === view.unitCode),
  );
  return { counts, nodes: tops.flatMap(build) };
}
