import { Injectable } from '@nestjs/common';
import type { FormValues } from '@cascade/contracts';
import { quotaShortfallNote, quotaStandings } from '@cascade/domain';
import {
  type AssignmentEntity,
  DirectivesRepository,
  type ReportEntity,
  ReportsRepository,
} from '@cascade/persistence';

/** Each assignment's newest counted values: versions come oldest first, and a returned one counts for nothing. */
export function countedValues(reports: readonly ReportEntity[]): Map<string, FormValues> {
  const counted = new Map<string, FormValues>();
  for (const report of reports)
    if (report.status === 'RETURNED') counted.delete(report.assignmentId);
    else counted.set(report.assignmentId, report.values as FormValues);
  return counted;
}

/** Whether a recipient of a period's directive falls short of the period's quotas. */
@Injectable()
export class QuotaShortfallService {
  constructor(
    private readonly directives: DirectivesRepository,
    private readonly reports: ReportsRepository,
  ) {}

  /**
   * Why a unit that has reported may still be urged: the quotas of its period it falls short of
   * (e.g. "本期指标未达到：主题活动数 0/1；…"), null when it meets them or the directive has none.
   */
  async shortfall(row: AssignmentEntity): Promise<string | null> {
    const period = await this.directives.findById(row.directiveId);
    if (!period?.seriesDirectiveId) return null;
    const quotas = (await this.directives.findById(period.seriesDirectiveId))?.recurrence?.quotas ?? [];
    if (quotas.length === 0) return null;
    const values = countedValues(await this.reports.byAssignments([row.id])).get(row.id) ?? null;
    return quotaShortfallNote(quotaStandings(quotas, period.form, values));
  }
}
