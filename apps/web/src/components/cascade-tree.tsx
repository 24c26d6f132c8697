import type { TreeNode } from '../api';
import { Deadline, EscalationBadge, StatusBadge } from './bits';

const DONE = new Set(['REPORTED', 'ACCEPTED', 'WITHDRAWN']);

interface Selection {
  selected?: string | null;
  /** Opens a unit's panel: its report and what the issuer may do with it. */
  onSelect?: (node: TreeNode) => void;
}

function NodeLine({ node, selected, onSelect }: { node: TreeNode } & Selection) {
  return (
    <span className="node-line">
      {onSelect ? (
        <button
          type="button"
          className={`link node-unit${selected === node.assignmentId ? ' node-selected' : ''}`}
          aria-pressed={selected === node.assignmentId}
          aria-label={`查看 ${node.unitName} 的办理情况`}
          onClick={() => onSelect(node)}
        >
          {node.unitName}
        </button>
      ) : (
        <span className="node-unit">{node.unitName}</span>
      )}
      <StatusBadge status={node.status} overdue={node.overdue} />
      <EscalationBadge level={node.escalationLevel} />
      <span className="node-deadline">
        <Deadline iso={node.deadline} done={DONE.has(node.status)} />
      </span>
    </span>
  );
}

function Node({ node, depth, ...selection }: { node: TreeNode; depth: number } & Selection) {
  const className = `node status-${node.status.toLowerCase()}${node.overdue ? ' node-overdue' : ''}`;
  if (node.children.length === 0) {
    return (
      <li className={className} data-unit={node.unitCode} data-status={node.status}>
        <NodeLine node={node} {...selection} />
      </li>
    );
  }
  // The unit's line stays outside <summary>: its button must not sit inside another control.
  return (
    <li className={className} data-unit={node.unitCode} data-status={node.status}>
      <NodeLine node={node} {...selection} />
      <details open={depth < 1}>
        <summary>
          <span className="node-count">下级 {node.children.length} 个</span>
        </summary>
        <ul>
          {node.children.map((child) => (
            <Node key={child.assignmentId} node={child} depth={depth + 1} {...selection} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The cascade across every level; units with subordinates fold open and closed (<details>). */
export function CascadeTree({ nodes, ...selection }: { nodes: TreeNode[] } & Selection) {
  if (nodes.length === 0) return <p className="empty">没有可查看的承办单位。</p>;
  return (
    <ul className="tree" aria-label="流转树">
      {nodes.map((node) => (
        <Node key={node.assignmentId} node={node} depth={0} {...selection} />
      ))}
    </ul>
  );
}
