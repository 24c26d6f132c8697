// Public API of @cascade/domain: pure TypeScript, safe to import from Temporal workflows.
// File loading of calendar overrides lives in '@cascade/domain/calendar-files' (it needs `fs`).
export * from './notice/notice-parser';
export type { Contact } from './notice/contacts';
export type { ForwardedDocument } from './notice/forwards';
export * from './obligations/obligation.types';
export * from './calendar/work-calendar';
export * from './calendar/calendar-year';
export * from './deadlines/duration-spec';
export * from './budgeting/level-budget';
export * from './deadlines/deadline-resolver';
export * from './deadlines/assignment-schedule';
export { formatCivilDate, parseIsoDate, type CivilDate } from './time/civil-date';
export { endOfShanghaiDay, shanghaiDayOf, shanghaiInstant, SHANGHAI_OFFSET_MS } from './time/shanghai-time';
export * from './units';
export * from './forms';
export * from './recurrence/recurrence';
export * from './recurrence/period-quota';
