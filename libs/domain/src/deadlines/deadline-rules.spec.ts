import { deadlineProblem, formatChineseDate } from './deadline-rules';

const at = (iso: string) => Date.parse(iso);
const now = at('2026-12-02T09:00:00+08:00');

describe('deadlineProblem', () => {
  it('accepts a deadline after now and within the one above', () => {
    const own = { label: '本单位报送期限', at: at('2026-12-24T18:00:00+08:00') };
    expect(deadlineProblem('转发期限', at('2026-12-20T18:00:00+08:00'), now, own)).toBeNull();
    expect(deadlineProblem('转发期限', own.at, now, own)).toBeNull();
  });

  it('refuses a deadline later than the one above, naming both dates', () => {
    const own = { label: '本单位报送期限', at: at('2026-12-24T18:00:00+08:00') };
    expect(deadlineProblem('转发期限', at('2026-12-28T18:00:00+08:00'), now, own)).toEqual({
      code: 'DEADLINE_TOO_LATE',
      message: '转发期限 2026年12月28日 晚于本单位报送期限 2026年12月24日',
    });
  });

  it('refuses a past deadline, with the time of day when it falls on today', () => {
    expect(deadlineProblem('报送期限', at('2026-11-30T18:00:00+08:00'), now)).toEqual({
      code: 'DEADLINE_PAST',
      message: '报送期限 2026年11月30日 早于当前时间 2026年12月2日',
    });
    expect(deadlineProblem('报送期限', at('2026-12-02T08:30:00+08:00'), now)?.message).toBe(
      '报送期限 2026年12月2日 08:30 早于当前时间 2026年12月2日 09:00',
    );
    expect(deadlineProblem('报送期限', Number.NaN, now)?.code).toBe('DEADLINE_PAST');
  });

  it('formats in Beijing time', () => {
    expect(formatChineseDate(at('2026-12-31T17:00:00Z'))).toBe('2027年1月1日');
  });
});
