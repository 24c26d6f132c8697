import * as fs from 'node:fs';
import * as path from 'node:path';

/** One line of bench/results/*.json; `ratio` is ours ÷ baseline; `pass` is null where no target is set. */
export interface BenchResult {
  id: string;
  metric: string;
  value: number;
  unit: string;
  target: string | null;
  baseline?: number;
  ratio?: number | null;
  pass: boolean | null;
}

function cell(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.id,
    r.metric,
    `${cell(r.value)} ${r.unit}`,
    r.target ?? '—',
    r.baseline === undefined ? '—' : cell(r.baseline),
    r.ratio === undefined ? '—' : cell(r.ratio),
    r.pass === null ? '—' : r.pass ? 'pass' : 'MISS',
  ]);
  const header = ['id', 'metric', 'ours', 'target', 'baseline', 'ours/base', 'result'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log('');
}

/**
 * latest.json (quick runs: latest-quick.json) and a dated copy YYYY-MM-DDTHH-MM(-quick).json; `prefix`
 * keeps other kinds of run apart (cluster-latest.json).
 */
export function writeResults(dir: string, document: object, quick: boolean, prefix = ''): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '-');
  const suffix = quick ? '-quick' : '';
  const files = [path.join(dir, `${prefix}latest${suffix}.json`), path.join(dir, `${prefix}${stamp}${suffix}.json`)];
  const text = `${JSON.stringify(document, null, 2)}\n`;
  for (const file of files) fs.writeFileSync(file, text);
  return files;
}
