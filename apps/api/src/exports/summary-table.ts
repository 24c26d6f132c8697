import type { AssignmentStatus } from '@cascade/contracts';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';
import { formatShanghai } from '@cascade/persistence';

export const SUMMARY_COLUMNS = ['单位', '状态', '签收时间', '报送时间', '是否逾期', '报送内容'] as const;

export interface SummarySource {
  unitName: string;
  status: AssignmentStatus;
  acknowledgedAt: number | null;
  reportedAt: number | null;
  overdue: boolean;
  late: boolean;
  /** Content of the newest report version; a zero report reads 无（零报告）. */
  report: { content: string; zeroReport: boolean } | null;
}

/** One row per unit: the 汇总表 of a directive, times in Asia/Shanghai. */
export function summaryRows(sources: readonly SummarySource[]): string[][] {
  return sources.map((s) => [
    s.unitName,
    ASSIGNMENT_STATUS_LABELS[s.status],
    s.acknowledgedAt === null ? '' : formatShanghai(s.acknowledgedAt),
    s.reportedAt === null ? '' : formatShanghai(s.reportedAt),
    s.overdue || s.late ? '是' : '否',
    s.report ? (s.report.zeroReport && s.report.content.trim() === '' ? '无（零报告）' : s.report.content) : '',
  ]);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 with CRLF and a UTF-8 BOM, so Excel opens the Chinese text correctly. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
