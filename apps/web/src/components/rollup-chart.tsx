import { formatNumber } from './form-draft';

export interface RollupBar {
  label: string;
  value: number;
}

/** The main figure by region as plain SVG bars (as the progress chart draws its bars). */
export function RollupChart({ title, unit, bars }: { title: string; unit: string; bars: RollupBar[] }) {
  if (bars.length === 0) return null;
  // On a phone the drawing is narrower so its labels stay legible once scaled down.
  const narrow = typeof window !== 'undefined' && window.matchMedia('(max-width: 600px)').matches;
  const labelWidth = narrow ? 96 : 150;
  const barWidth = narrow ? 190 : 420;
  const valueWidth = 90;
  const rowHeight = 26;
  const top = 4;
  const height = top + bars.length * rowHeight + 4;
  const max = Math.max(...bars.map((b) => b.value), 0);
  const suffix = unit ? ` ${unit}` : '';
  const description = bars.map((b) => `${b.label} ${formatNumber(b.value)}${suffix}`).join('；');
  return (
    <figure className="chart rollup-chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${labelWidth + barWidth + valueWidth} ${height}`}
        role="img"
        aria-label={`${title}：${description}`}
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((bar, i) => {
          const y = top + i * rowHeight;
          const width = max > 0 ? Math.max((bar.value / max) * barWidth, bar.value > 0 ? 1 : 0) : 0;
          return (
            <g key={`${bar.label}-${i}`} data-row={bar.label}>
              <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart-label">
                {bar.label.length > (narrow ? 7 : 10) ? `${bar.label.slice(0, narrow ? 6 : 9)}…` : bar.label}
              </text>
              <rect x={labelWidth} y={y + 2} width={barWidth} height={rowHeight - 8} className="chart-track" />
              {width > 0 && (
                <rect
                  x={labelWidth}
                  y={y + 2}
                  width={width}
                  height={rowHeight - 8}
                  className="rollup-bar"
                  data-value={bar.value}
                />
              )}
              <text x={labelWidth + barWidth + 6} y={y + 15} className="chart-label">
                {formatNumber(bar.value)}
                {suffix}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
