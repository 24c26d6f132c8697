export * from './configured-calendar';
export * from './work-calendar.source';
export * from './calendar-update.service';
