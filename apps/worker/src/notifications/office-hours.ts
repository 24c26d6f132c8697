import type { WorkCalendar } from '@cascade/domain';

/** Office hours on working days, in Asia/Shanghai minutes after midnight: 08:30–18:00 by default. */
export interface OfficeHours {
  startMinute: number;
  endMinute: number;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { startMinute: 8 * 60 + 30, endMinute: 18 * 60 };

/** `HH:MM-HH:MM` (CASCADE_NOTIFY_OFFICE_HOURS) into office hours. */
export function parseOfficeHours(text: string | undefined): OfficeHours {
  if (!text) return DEFAULT_OFFICE_HOURS;
  const match = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  const [startMinute, endMinute] = match
    ? [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])]
    : [NaN, NaN];
  if (!(startMinute >= 0 && startMinute < endMinute && endMinute <= 24 * 60)) {
    throw new Error(`CASCADE_NOTIFY_OFFICE_HOURS must look like 08:30-18:00 (got ${text})`);
  }
  return { startMinute, endMinute };
}

// China has one time zone and no daylight saving: Shanghai time is UTC+8 all year.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * When a notification may go out at `now`: now inside office hours on a working day, else the start of the
 * next office hour (the calendar's 调休 and holidays included).
 */
export function nextOfficeInstant(
  now: number,
  calendar: WorkCalendar,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): number {
  const local = now + SHANGHAI_OFFSET_MS;
  let dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = (local - dayStart) / 60_000;
  if (minute >= hours.endMinute) dayStart += DAY_MS;
  else if (minute >= hours.startMinute && calendar.isWorkingDay(new Date(now))) return now;
  for (let i = 0; i < 3 * 366; i += 1, dayStart += DAY_MS) {
    const opening = dayStart - SHANGHAI_OFFSET_MS + hours.startMinute * 60_000;
    if (calendar.isWorkingDay(new Date(opening))) return Math.max(opening, now);
  }
  return now;
}
