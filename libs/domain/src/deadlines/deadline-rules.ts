import { SHANGHAI_OFFSET_MS } from '../time/shanghai-time';

/** Why a deadline is refused: earlier than now, or later than a deadline above it. */
export type DeadlineProblemCode = 'DEADLINE_PAST' | 'DEADLINE_TOO_LATE';

export interface DeadlineProblem {
  code: DeadlineProblemCode;
  /** Names both dates, e.g. "转发期限 2026年12月28日 晚于本单位报送期限 2026年12月24日". */
  message: string;
}

/** A deadline a new one must not pass, with what the message calls it (e.g. "本单位报送期限"). */
export interface DeadlineBound {
  label: string;
  at: number;
}

/** `2026年12月28日`, Beijing time; with the time of day when two instants share a day and need telling apart. */
export function formatChineseDate(instant: number, withTime = false): string {
  const shifted = new Date(instant + SHANGHAI_OFFSET_MS);
  const date = `${shifted.getUTCFullYear()}年${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`;
  if (!withTime) return date;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date} ${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
}

const sameDay = (a: number, b: number) => formatChineseDate(a) === formatChineseDate(b);

/**
 * The one check every operation that sets a deadline makes (issue, forward, extension request and
 * approval, return with a new deadline, amendment): `deadline` (called `what`, e.g. "转发期限") must be
 * later than `now` and no later than `notAfter` when there is a deadline above it.
 */
export function deadlineProblem(
  what: string,
  deadline: number,
  now: number,
  notAfter: DeadlineBound | null = null,
): DeadlineProblem | null {
  if (!Number.isFinite(deadline)) return { code: 'DEADLINE_PAST', message: `${what}无效` };
  if (deadline <= now) {
    const withTime = sameDay(deadline, now);
    return {
      code: 'DEADLINE_PAST',
      message: `${what} ${formatChineseDate(deadline, withTime)} 早于当前时间 ${formatChineseDate(now, withTime)}`,
    };
  }
  if (notAfter && deadline > notAfter.at) {
    const withTime = sameDay(deadline, notAfter.at);
    return {
      code: 'DEADLINE_TOO_LATE',
      message: `${what} ${formatChineseDate(deadline, withTime)} 晚于${notAfter.label} ${formatChineseDate(notAfter.at, withTime)}`,
    };
  }
  return null;
}
