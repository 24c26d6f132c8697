import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatDurations,
  formatShortDateTime,
  toDurationSpec,
  toDurationSpecs,
} from '../../apps/web/src/format';

describe('the dashboard’s words for dates and durations', () => {
  it('writes every instant one way, in Beijing time', () => {
    expect(formatDateTime('2026-12-02T00:00:00Z')).toBe('2026年12月2日 08:00');
    expect(formatDateTime('2024-11-20T15:59:00Z')).toBe('2024年11月20日 23:59');
    expect(formatDate('2026-12-01T16:30:00Z')).toBe('2026年12月2日');
    expect(formatShortDateTime('2026-12-02T06:00:00Z', new Date('2026-06-01T00:00:00Z'))).toBe('12月2日 14:00');
    expect(formatShortDateTime('2027-01-04T06:00:00Z', new Date('2026-06-01T00:00:00Z'))).toBe('2027年1月4日 14:00');
  });

  it('says policy durations in plain Chinese', () => {
    expect(formatDuration('1wd')).toBe('1 个工作日');
    expect(formatDuration('P2D')).toBe('2 天');
    expect(formatDuration('PT30M')).toBe('30 分钟');
    expect(formatDuration('PT4H')).toBe('4 小时');
    expect(formatDuration('P1DT2H')).toBe('1 天 2 小时');
    expect(formatDuration('P1W')).toBe('7 天');
    expect(formatDuration('PT0S')).toBe('立即');
    expect(formatDurations(['PT0S', '2wd', '5wd'])).toBe('立即、2 个工作日、5 个工作日');
  });

  it('takes durations typed in Chinese or as policy strings', () => {
    expect(toDurationSpec('2 个工作日')).toBe('2wd');
    expect(toDurationSpec('3天')).toBe('P3D');
    expect(toDurationSpec('30 分钟')).toBe('PT30M');
    expect(toDurationSpec('4小时')).toBe('PT4H');
    expect(toDurationSpec('立即')).toBe('PT0S');
    expect(toDurationSpec('1wd')).toBe('1wd');
    expect(toDurationSpecs('立即、2 个工作日、5 个工作日')).toEqual(['PT0S', '2wd', '5wd']);
    expect(toDurationSpecs('PT0S, 2wd 5wd')).toEqual(['PT0S', '2wd', '5wd']);
  });
});
