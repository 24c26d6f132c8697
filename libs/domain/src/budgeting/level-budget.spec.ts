import { WorkCalendar } from '../calendar/work-calendar';
import { endOfShanghaiDay, shanghaiDayOf, shanghaiInstant } from '../time/shanghai-time';
import { formatCivilDate } from '../time/civil-date';
import { assessForward, proposeLevelDeadlines } from './level-budget';

const calendar = WorkCalendar.fromChineseDays();
const day = (iso: string) => {
  const [year, month, d] = iso.split('-').map(Number);
  return { year, month, day: d };
};
const end = (iso: string) => endOfShanghaiDay(day(iso));
const morning = (iso: string) => shanghaiInstant(day(iso), 9);
const iso = (instant: Date) => formatCivilDate(shanghaiDayOf(instant));

describe('proposeLevelDeadlines', () => {
  it('gives each level one working day less than the level above (seed: province → city → county)', () => {
    const plan = proposeLevelDeadlines({
      parentDeadline: end('2024-11-20'),
      issuedAt: morning('2024-10-25'),
      levelsBelow: 3,
      calendar,
    });
    expect(plan.levels.map((l) => iso(l.deadline))).toEqual(['2024-11-20', '2024-11-19', '2024-11-18']);
    expect(plan.reserveWorkdays).toBe(1);
    expect(plan.availableWorkdays).toBe(18);
    expect(plan.levels[2].workdays).toBe(16);
    expect(plan.warnings).toEqual([]);
  });

  it('skips holidays and uses 调休 workdays', () => {
    const plan = proposeLevelDeadlines({
      parentDeadline: end('2024-10-08'),
      issuedAt: morning('2024-09-25'),
      levelsBelow: 3,
      calendar,
    });
    expect(plan.levels.map((l) => iso(l.deadline))).toEqual(['2024-10-08', '2024-09-30', '2024-09-29']);
  });

  it('honours a larger reserve', () => {
    const plan = proposeLevelDeadlines({
      parentDeadline: end('2024-11-20'),
      forwardedAt: morning('2024-10-25'),
      levelsBelow: 2,
      reserveWorkdays: 3,
      calendar,
    });
    expect(iso(plan.levels[1].deadline)).toBe('2024-11-15');
  });

  it('shrinks the reserve and warns when time is short', () => {
    const plan = proposeLevelDeadlines({
      parentDeadline: end('2024-11-20'),
      issuedAt: morning('2024-11-18'),
      levelsBelow: 4,
      reserveWorkdays: 2,
      calendar,
    });
    expect(plan.availableWorkdays).toBe(2);
    expect(plan.reserveWorkdays).toBe(0);
    expect(plan.warnings.join()).toContain('压缩');
  });

  it('validates its input', () => {
    expect(() => proposeLevelDeadlines({ parentDeadline: end('2024-11-20'), levelsBelow: 2, calendar })).toThrow(
      /issuedAt/,
    );
    expect(() =>
      proposeLevelDeadlines({
        parentDeadline: end('2024-11-20'),
        issuedAt: morning('2024-10-25'),
        levelsBelow: 0,
        calendar,
      }),
    ).toThrow(RangeError);
  });
});

describe('assessForward', () => {
  const base = { parentDeadline: end('2024-11-20'), forwardedAt: morning('2024-10-28'), levelsBelow: 2, calendar };

  it('accepts the proposed deadline', () => {
    const result = assessForward({ ...base, forwardDeadline: end('2024-11-19') });
    expect(result.verdict).toBe('ok');
    expect(result.squeezeRatio).toBe(0);
    expect(iso(result.proposedDeadline)).toBe('2024-11-19');
  });

  it('flags 层层加码 with the share of time taken away', () => {
    // Fair: 16 working days (10-29 … 11-19); given: 8 (10-29 … 11-07).
    const result = assessForward({ ...base, forwardDeadline: end('2024-11-07') });
    expect(result.verdict).toBe('squeezed');
    expect(result.squeezeRatio).toBeCloseTo(0.5, 5);
    expect(result.message).toContain('层层加码');
  });

  it('does not call keeping two working days more than the reserve 层层加码 (12.5% under the 25% default)', () => {
    // Fair: 16 working days; given: 14 (10-29 … 11-15).
    const result = assessForward({ ...base, forwardDeadline: end('2024-11-15') });
    expect(result.verdict).toBe('ok');
    expect(result.squeezeRatio).toBeCloseTo(2 / 16, 5);
    expect(result.message).not.toContain('层层加码');
  });

  it('warns from the configured threshold on', () => {
    const result = assessForward({ ...base, forwardDeadline: end('2024-11-15'), squeezeWarnRatio: 0.1 });
    expect(result.verdict).toBe('squeezed');
    expect(() => assessForward({ ...base, forwardDeadline: end('2024-11-15'), squeezeWarnRatio: 2 })).toThrow(
      RangeError,
    );
  });

  it('refuses a forward deadline later than the parent deadline', () => {
    const result = assessForward({ ...base, forwardDeadline: end('2024-11-21') });
    expect(result.verdict).toBe('impossible');
    expect(result.message).toContain('晚于');
  });

  it('refuses a forward deadline that has already passed', () => {
    const result = assessForward({ ...base, forwardDeadline: morning('2024-10-27') });
    expect(result.verdict).toBe('impossible');
    expect(result.squeezeRatio).toBe(1);
  });
});
