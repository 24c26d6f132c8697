import { type WorkCalendar } from '../calendar/work-calendar';

/** A parsed policy duration: an exact length of time, or a count of Chinese working days. */
export type DurationSpec = { kind: 'fixed'; ms: number } | { kind: 'workdays'; days: number };

/** Raised for a duration string that is neither ISO-8601 (PT30S, P2D, P1DT2H) nor "Nwd". */
export class DurationSpecError extends Error {
  constructor(
    readonly spec: string,
    reason: string,
  ) {
    super(
      `无效的时长 "${spec}"：${reason}。应为 ISO-8601 时长（如 PT30S、PT4H、P2D、P1DT2H、P1W）或工作日数（如 2wd）`,
    );
    this.name = 'DurationSpecError';
  }
}

const WORKDAYS = /^(?<days>\d{1,4})\s*wd$/i;
// Weeks, days and time parts only: years and months have no fixed length in milliseconds.
const ISO_DURATION =
  /^P(?:(?<weeks>\d+)W)?(?:(?<days>\d+)D)?(?:T(?:(?<hours>\d+)H)?(?:(?<minutes>\d+)M)?(?:(?<seconds>\d+(?:\.\d{1,3})?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Parses a policy duration: ISO-8601 `PnWnDTnHnMnS` (no years or months) or working days `Nwd`.
 * @throws DurationSpecError with a Chinese message for anything else.
 */
export function parseDurationSpec(spec: string): DurationSpec {
  const text = spec.trim();
  const workdays = WORKDAYS.exec(text);
  if (workdays) return { kind: 'workdays', days: Number(workdays.groups!.days) };
  const iso = ISO_DURATION.exec(text.toUpperCase());
  if (!iso || text.length < 3 || text.toUpperCase().endsWith('T')) {
    if (/^P.*\d+[YM]/i.test(text) && !/T.*M/i.test(text))
      throw new DurationSpecError(spec, '不支持年、月（长度不固定）');
    throw new DurationSpecError(spec, '格式无法识别');
  }
  const g = iso.groups!;
  const ms =
    Number(g.weeks ?? 0) * 7 * DAY +
    Number(g.days ?? 0) * DAY +
    Number(g.hours ?? 0) * HOUR +
    Number(g.minutes ?? 0) * MINUTE +
    Math.round(Number(g.seconds ?? 0) * SECOND);
  if (!Number.isSafeInteger(ms)) throw new DurationSpecError(spec, '时长过大');
  return { kind: 'fixed', ms };
}

/**
 * Moves an instant by a duration, forwards (1) or backwards (-1). Fixed durations are exact
 * (Asia/Shanghai has no DST, so P1D is always 24 h); working days use
 * {@link WorkCalendar.addWorkingDays} and so land at the end of a working day.
 */
export function applyDuration(
  instant: Date,
  spec: string | DurationSpec,
  calendar: WorkCalendar,
  direction: 1 | -1,
): Date {
  const duration = typeof spec === 'string' ? parseDurationSpec(spec) : spec;
  if (duration.kind === 'fixed') return new Date(instant.getTime() + direction * duration.ms);
  return calendar.addWorkingDays(instant, direction * duration.days);
}
