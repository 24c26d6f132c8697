// Node-only entry point (`@cascade/domain/calendar-files`): reads config/calendar/*.json.
// Kept out of index.ts because Temporal's workflow bundler rejects any module graph reaching `fs`.
export { loadCalendarOverrides, loadWorkCalendar } from './calendar/calendar-directory.loader';
