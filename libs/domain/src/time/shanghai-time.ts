import { type CivilDate, fromDayNumber, toDayNumber } from './civil-date';

/**
 * Asia/Shanghai has been UTC+8 without daylight saving since 1991, which covers every notice
 * this system handles, so a fixed offset is exact and keeps the domain free of a zone database.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86_400_000;

/** The Asia/Shanghai calendar day an instant falls on. */
export function shanghaiDayOf(instant: Date): CivilDate {
  return fromDayNumber(Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** The instant of a wall-clock time in Asia/Shanghai. */
export function shanghaiInstant(date: CivilDate, hours = 0, minutes = 0, seconds = 0, ms = 0): Date {
  const local = toDayNumber(date) * MS_PER_DAY + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
  return new Date(local - SHANGHAI_OFFSET_MS);
}

/** The last millisecond (23:59:59.999) of a day in Asia/Shanghai: what "X日前" means without a time. */
export function endOfShanghaiDay(date: CivilDate): Date {
  return shanghaiInstant(date, 23, 59, 59, 999);
}

/** "HH:MM" → minutes after midnight; null if malformed. */
export function parseClockTime(text: string): { hours: number; minutes: number } | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours <= 24 && minutes < 60 && !(hours === 24 && minutes > 0) ? { hours, minutes } : null;
}
