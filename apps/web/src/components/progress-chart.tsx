import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';
import type { TreeNode } from '../api';

/** The four bands of a bar: waiting for 签收, acknowledged (or forwarded), reported, and 逾期. */
const BANDS = [
  { key: 'delivered', label: ASSIGNMENT_STATUS_LABELS.DELIVERED, color: '#9aa5b1' },
  { key: 'acknowledged', label: ASSIGNMENT_STATUS_LABELS.ACKNOWLEDGED, color: '#2f80ed' },
  { key: 'reported', label: ASSIGNMENT_STATUS_LABELS.REPORTED, color: '#27ae60' },
  { key: 'overdue', label: '逾期', color: '#d93025' },
] as const;
type Band = (typeof BANDS)[number]['key'];
type Tally = Record<Band, number>;

function bandOf(node: TreeNode): Band | null {
  if (node.status === 'WITHDRAWN') return null;
  if (node.status === 'REPORTED' || node.status === 'ACCEPTED') return 'reported';
  if (node.overdue) return 'overdue';
  if (node.status === 'ACKNOWLEDGED' || node.status === 'FORWARDED') return 'acknowledged';
  return 'delivered';
}

const empty = (): Tally => ({ delivered: 0, acknowledged: 0, reported: 0, overdue: 0 });

function tallySubtree(node: TreeNode, tally: Tally = empty()): Tally {
  const band = bandOf(node);
  if (band) tally[band] += 1;
  node.children.forEach((child) => tallySubtree(child, tally));
  return tally;
}

function tallyLevels(nodes: TreeNode[], depth = 0, levels: Tally[] = []): Tally[] {
  for (const node of nodes) {
    levels[depth] ??= empty();
    const band = bandOf(node);
    if (band) levels[depth][band] += 1;
    tallyLevels(node.children, depth + 1, levels);
  }
  return levels;
}

const LEVEL_NAMES = ['第一级（主送）', '第二级（转发）', '第三级', '第四级', '第五级'];

export interface ChartRow {
  label: string;
  tally: Tally;
}

function StackedBars({ rows, title }: { rows: ChartRow[]; title: string }) {
  // On a phone the bars get a narrower drawing so the labels stay legible once scaled down.
  const narrow = typeof window !== 'undefined' && window.matchMedia('(max-width: 600px)').matches;
  const labelWidth = narrow ? 96 : 150;
  const barWidth = narrow ? 200 : 420;
  const rowHeight = 26;
  const top = 4;
  const height = top + rows.length * rowHeight + 4;
  const description = rows
    .map((r) => `${r.label}：${BANDS.map((b) => `${b.label} ${r.tally[b.key]}`).join('，')}`)
    .join('；');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${labelWidth + barWidth + 50} ${height}`}
        role="img"
        aria-label={`${title}：${description}`}
        preserveAspectRatio="xMinYMin meet"
      >
        {rows.map((row, i) => {
          const total = BANDS.reduce((sum, b) => sum + row.tally[b.key], 0);
          let x = labelWidth;
          const y = top + i * rowHeight;
          return (
            <g key={row.label} data-row={row.label}>
              <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart-label">
                {row.label.length > (narrow ? 7 : 10) ? `${row.label.slice(0, narrow ? 6 : 9)}…` : row.label}
              </text>
              <rect x={labelWidth} y={y + 2} width={barWidth} height={rowHeight - 8} className="chart-track" />
              {BANDS.map((band) => {
                const value = row.tally[band.key];
                if (!value || !total) return null;
                const width = (value / total) * barWidth;
                const rect = (
                  <rect
                    key={band.key}
                    x={x}
                    y={y + 2}
                    width={width}
                    height={rowHeight - 8}
                    fill={band.color}
                    data-band={band.key}
                    data-value={value}
                  />
                );
                x += width;
                return rect;
              })}
              <text x={labelWidth + barWidth + 6} y={y + 15} className="chart-label">
                {row.tally.reported}/{total}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Progress per level and per first-level unit (with its subtree), as plain SVG stacked bars. */
export function ProgressChart({ nodes }: { nodes: TreeNode[] }) {
  if (nodes.length === 0) return null;
  const levels = tallyLevels(nodes).map((tally, depth) => ({ label: LEVEL_NAMES[depth] ?? `第${depth + 1}级`, tally }));
  const units = nodes.map((node) => ({ label: node.unitName, tally: tallySubtree(node) }));
  return (
    <div className="charts">
      <ul className="legend" aria-label="图例">
        {BANDS.map((band) => (
          <li key={band.key}>
            <span className="swatch" style={{ background: band.color }} aria-hidden="true" /> {band.label}
          </li>
        ))}
      </ul>
      <StackedBars rows={levels} title="各层级进度" />
      <StackedBars rows={units} title="各单位进度（含其下级）" />
    </div>
  );
}
