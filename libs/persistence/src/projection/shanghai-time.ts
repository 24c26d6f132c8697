// China has kept UTC+8 all year since 1991, so a fixed offset is exact for every date we show.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An instant as users read it: `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
export function formatShanghai(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
