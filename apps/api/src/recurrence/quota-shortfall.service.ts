import { Injectable } from '@nestjs/common';
import { quotaShortfallNote, quotaStandings } from '@cascade/domain';
import { type AssignmentEntity, countedValues, DirectivesRepository, ReportsRepository } from '@cascade/persistence';

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
    const quotas = period ? await this.directives.periodQuotas(period) : [];
    if (!period || quotas.length === 0) return null;
    const values = countedValues(await this.reports.figuresByAssignments([row.id])).get(row.id) ?? null;
    return quotaShortfallNote(quotaStandings(quotas, period.form, values));
  }
}
