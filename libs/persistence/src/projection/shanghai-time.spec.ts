import { formatShanghai } from './shanghai-time';

describe('formatShanghai', () => {
  it('shows an instant as Asia/Shanghai wall-clock time, rolling over the date at 16:00 UTC', () => {
    expect(formatShanghai(Date.parse('2024-11-20T09:30:00Z'))).toBe('2024-11-20 17:30');
    expect(formatShanghai(Date.parse('2024-11-20T16:00:00Z'))).toBe('2024-11-21 00:00');
    expect(formatShanghai(Date.parse('2024-12-31T15:59:59.999Z'))).toBe('2024-12-31 23:59');
  });
});
