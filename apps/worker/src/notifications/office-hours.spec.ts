import { WorkCalendar } from '@cascade/domain';
import { shanghai } from '../../../../libs/persistence/src/projection/event-fixtures';
import { nextOfficeInstant, parseOfficeHours } from './office-hours';

describe('nextOfficeInstant', () => {
  const calendar = WorkCalendar.fromChineseDays();

  it('lets a notification go at once inside office hours on a working day', () => {
    const at = shanghai('2024-11-05 10:15');
    expect(nextOfficeInstant(at, calendar)).toBe(at);
  });

  it('holds one from the evening and the early morning until 08:30', () => {
    expect(nextOfficeInstant(shanghai('2024-11-05 21:00'), calendar)).toBe(shanghai('2024-11-06 08:30'));
    expect(nextOfficeInstant(shanghai('2024-11-06 06:00'), calendar)).toBe(shanghai('2024-11-06 08:30'));
  });

  it('skips weekends and the 国庆 holiday, and opens on a 调休 Saturday', () => {
    expect(nextOfficeInstant(shanghai('2024-11-08 18:30'), calendar)).toBe(shanghai('2024-11-11 08:30'));
    expect(nextOfficeInstant(shanghai('2024-10-01 09:00'), calendar)).toBe(shanghai('2024-10-08 08:30'));
    expect(nextOfficeInstant(shanghai('2024-09-28 07:00'), calendar)).toBe(shanghai('2024-09-29 08:30'));
  });

  it('reads office hours as HH:MM-HH:MM and refuses anything else', () => {
    const hours = parseOfficeHours('09:00-17:30');
    expect(nextOfficeInstant(shanghai('2024-11-05 17:45'), calendar, hours)).toBe(shanghai('2024-11-06 09:00'));
    expect(() => parseOfficeHours('18:00-09:00')).toThrow(/08:30-18:00/);
    expect(() => parseOfficeHours('早上')).toThrow(/CASCADE_NOTIFY_OFFICE_HOURS/);
  });
});
