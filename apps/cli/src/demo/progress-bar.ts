import type { DemoProgressSnapshot } from './demo-player';

const WIDTH = 30;

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** One line: reports in / units, with acknowledgements, late reports and silent units. */
export function formatProgress(p: DemoProgressSnapshot): string {
  const done = p.reported + p.silent;
  const filled = p.total ? Math.round((done / p.total) * WIDTH) : 0;
  const percent = p.total ? Math.floor((done / p.total) * 100) : 0;
  return (
    `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${clock(p.elapsedMs)} ` +
    `下发 ${p.delivered}/${p.total} 签收 ${p.acknowledged} 报送 ${p.reported}（逾期 ${p.late}） 未报 ${p.silent}${p.errors ? ` 错误 ${p.errors}` : ''}`
  );
}

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise
 * (logs, CI), so that stdout keeps only the result.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update(p: DemoProgressSnapshot): void;
  done(p: DemoProgressSnapshot): void;
} {
  let lastDraw = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - lastDraw < (stream.isTTY ? 100 : 5000)) return;
      lastDraw = now;
      stream.write(stream.isTTY ? `\r${formatProgress(p)}\x1b[K` : `${formatProgress(p)}\n`);
    },
    done(p) {
      stream.write(stream.isTTY ? `\r${formatProgress(p)}\x1b[K\n` : `${formatProgress(p)}\n`);
    },
  };
}
