import { WorkCalendar } from '../calendar/work-calendar';
import { shanghaiInstant } from '../time/shanghai-time';
import { DurationSpecError, applyDuration, parseDurationSpec } from './duration-spec';

describe('parseDurationSpec', () => {
  it.each([
    ['PT30S', { kind: 'fixed', ms: 30_000 }],
    ['P2D', { kind: 'fixed', ms: 2 * 86_400_000 }],
    ['PT4H', { kind: 'fixed', ms: 4 * 3_600_000 }],
    ['P1DT2H', { kind: 'fixed', ms: 26 * 3_600_000 }],
    ['PT1H30M', { kind: 'fixed', ms: 90 * 60_000 }],
    ['P1W', { kind: 'fixed', ms: 7 * 86_400_000 }],
    ['PT0.5S', { kind: 'fixed', ms: 500 }],
    ['2wd', { kind: 'workdays', days: 2 }],
    [' 10wd ', { kind: 'workdays', days: 10 }],
    ['0wd', { kind: 'workdays', days: 0 }],
  ])('%s', (spec, expected) => {
    expect(parseDurationSpec(spec)).toEqual(expected);
  });

  it.each(['', 'P', 'PT', 'P1DT', '2 days', '-2wd', 'P1.5D', '2d', 'wd', 'P1H', 'PT1D'])('rejects %j', (spec) => {
    expect(() => parseDurationSpec(spec)).toThrow(DurationSpecError);
  });

  it('explains that years and months have no fixed length', () => {
    expect(() => parseDurationSpec('P1M')).toThrow(/年、月/);
    expect(() => parseDurationSpec('P1Y')).toThrow(/年、月/);
  });
});

describe('applyDuration', () => {
  const calendar = WorkCalendar.fromChineseDays();
  const friday = shanghaiInstant({ year: 2024, month: 9, day: 27 }, 10);

  it('moves fixed durations exactly, both ways', () => {
    expect(applyDuration(friday, 'PT4H', calendar, 1).toISOString()).toBe('2024-09-27T06:00:00.000Z');
    expect(applyDuration(friday, 'P1D', calendar, -1).toISOString()).toBe('2024-09-26T02:00:00.000Z');
  });

  it('moves working days to the end of a working day ("1wd after delivery", "3wd before the deadline")', () => {
    // After Friday 2024-09-27 the next working day is Sunday 09-29 (调休).
    expect(applyDuration(friday, '1wd', calendar, 1).toISOString()).toBe('2024-09-29T15:59:59.999Z');
    const deadline = shanghaiInstant({ year: 2024, month: 10, day: 11 }, 23, 59, 59, 999);
    expect(applyDuration(deadline, { kind: 'workdays', days: 3 }, calendar, -1).toISOString()).toBe(
      '2024-10-08T15:59:59.999Z',
    );
  });
});
