import type { FileRef } from '@cascade/contracts';
import { archiveEntries, safeName, type UnitReports } from './reports-archive';

const file = (name: string): FileRef => ({
  fileId: name,
  sha256: 'a'.repeat(64),
  name,
  size: 1,
  mediaType: 'application/pdf',
});
const version = (n: number, status: UnitReports['versions'][number]['status'], files: FileRef[], content = '') => ({
  id: `r${n}`,
  version: n,
  status,
  content,
  zeroReport: false,
  submittedAt: 0,
  returnReason: null,
  files,
});
const unit = (unitName: string, versions: UnitReports['versions'], unitCode = '141002'): UnitReports => ({
  assignmentId: `a:${unitCode}`,
  unitCode,
  unitName,
  versions,
});

describe('the layout of the reports ZIP', () => {
  it('puts the newest version in the unit’s folder and each returned one in 第N版（已退回）', () => {
    const entries = archiveEntries([
      unit('尧都区民政局', [
        version(1, 'RETURNED', [file('报告.pdf')]),
        version(2, 'SUBMITTED', [file('报告.pdf')], '已补充'),
      ]),
    ]);
    expect(entries.map((e) => e.name)).toEqual([
      '尧都区民政局/第1版（已退回）/报告.pdf',
      '尧都区民政局/报送内容.txt',
      '尧都区民政局/报告.pdf',
    ]);
  });

  it('keeps names distinct and safe: same names get a suffix, path characters are replaced, units without reports are left out', () => {
    const entries = archiveEntries([
      unit('古县民政局', [version(1, 'SUBMITTED', [file('a.pdf'), file('A.pdf'), file('../../etc/passwd')])], '141025'),
      unit('古县民政局', [version(1, 'SUBMITTED', [file('a.pdf')])], '999999'),
      unit('吉县民政局', [], '141028'),
    ]);
    expect(entries.map((e) => e.name)).toEqual([
      '古县民政局/a.pdf',
      '古县民政局/A (2).pdf',
      '古县民政局/_.._etc_passwd',
      '古县民政局 (2)/a.pdf',
    ]);
    expect(safeName('\u0000\u0007', 'fallback')).toBe('__');
    expect(safeName('...', 'fallback')).toBe('fallback');
  });
});
