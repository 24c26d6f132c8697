import type { TreeNode } from '../api';
import { Deadline, EscalationBadge, StatusBadge } from './bits';

const DONE = new Set(['REPORTED', 'ACCEPTED', 'WITHDRAWN']);

function NodeLine({ node }: { node: TreeNode }) {
  return (
    <span className="node-line">
      <span className="node-unit">{node.unitName}</span>
      <StatusBadge status={node.status} overdue={node.overdue} />
      <EscalationBadge level={node.escalationLevel} />
      <span className="node-deadline">
        <Deadline iso={node.deadline} done={DONE.has(node.status)} />
      </span>
    </span>
  );
}

function Node({ node, depth }: { node: TreeNode; depth: number }) {
  const className = `node status-${node.status.toLowerCase()}${node.overdue ? ' node-overdue' : ''}`;
  if (node.children.length === 0) {
    return (
      <li className={className} data-unit={node.unitCode} data-status={node.status}>
        <NodeLine node={node} />
      </li>
    );
  }
  return (
    <li className={className} data-unit={node.unitCode} data-status={node.status}>
      <details open={depth < 1}>
        <summary>
          <NodeLine node={node} />
          <span className="node-count">下级 {node.children.length} 个</span>
        </summary>
        <ul>
          {node.children.map((child) => (
            <Node key={child.assignmentId} node={child} depth={depth + 1} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The cascade across every level; units with subordinates fold open and closed (<details>). */
export function CascadeTree({ nodes }: { nodes: TreeNode[] }) {
  if (nodes.length === 0) return <p className="empty">没有可查看的承办单位。</p>;
  return (
    <ul className="tree" aria-label="流转树">
      {nodes.map((node) => (
        <Node key={node.assignmentId} node={node} depth={0} />
      ))}
    </ul>
  );
}
