import { Injectable, NotFoundException } from '@nestjs/common';
import { dueLabel, quotaStandings } from '@cascade/domain';
import {
  AssignmentsRepository,
  countedValues,
  type DirectiveEntity,
  DirectivesRepository,
  ReportsRepository,
} from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { toIso } from '../common/instants';
import { RecurrenceSchedulesService, type ScheduleState } from './recurrence-schedules.service';
import type { PeriodDto, PeriodsDto } from './recurrence.dto';

const REPORTED = new Set(['REPORTED', 'ACCEPTED']);

/** The periods of a recurring directive side by side, and pausing or resuming its schedule. */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly directives: DirectivesRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly reports: ReportsRepository,
    private readonly schedules: RecurrenceSchedulesService,
  ) {}

  async periods(caller: Caller, id: string): Promise<PeriodsDto> {
    const { directive } = await this.access.readableDirective(caller, id);
    const recurrence = recurring(directive);
    const periods = await Promise.all(
      (await this.directives.periodsOf(directive.id)).map((period) => this.period(directive, period)),
    );
    return {
      directiveId: directive.id,
      recurrence,
      due: dueLabel(recurrence),
      schedule: await this.schedules.state(directive),
      periods,
    };
  }

  async pause(caller: Caller, id: string, note?: string): Promise<ScheduleState & { directiveId: string }> {
    const directive = await this.issued(caller, id);
    return { directiveId: id, ...(await this.schedules.pause(directive, note?.trim() || '暂停')) };
  }

  async resume(caller: Caller, id: string, note?: string): Promise<ScheduleState & { directiveId: string }> {
    const directive = await this.issued(caller, id);
    return { directiveId: id, ...(await this.schedules.resume(directive, note?.trim() || '恢复')) };
  }

  async runNow(caller: Caller, id: string): Promise<ScheduleState & { directiveId: string }> {
    const directive = await this.issued(caller, id);
    return { directiveId: id, ...(await this.schedules.runNow(directive)) };
  }

  /** Only the issuing unit (or an admin) pauses, resumes or runs the schedule. */
  private async issued(caller: Caller, id: string): Promise<DirectiveEntity> {
    const { directive } = await this.access.readableDirective(caller, id);
    recurring(directive);
    this.access.assertCanIssue(caller, directive.issuerUnit);
    return directive;
  }

  private async period(series: DirectiveEntity, period: DirectiveEntity): Promise<PeriodDto> {
    const recipients = await this.assignments.byDirective(period.id);
    const counted = countedValues(await this.reports.figuresByAssignments(recipients.map((r) => r.id)));
    const quotas = series.recurrence?.quotas ?? [];
    const units = recipients.map((row) => {
      const standings = quotaStandings(quotas, period.form, counted.get(row.id) ?? null);
      return {
        assignmentId: row.id,
        unitCode: row.unitCode,
        unitName: row.unitName,
        status: row.status,
        reported: REPORTED.has(row.status),
        quotas: standings,
      };
    });
    return {
      key: period.periodKey ?? '',
      label: period.periodLabel ?? '',
      directiveId: period.id,
      status: period.status,
      deadline: toIso(period.deadline),
      issuedAt: toIso(period.issuedAt),
      units: units.length,
      reportedUnits: units.filter((u) => u.reported).length,
      quotaMetUnits: units.filter((u) => u.quotas.every((q) => q.met)).length,
      recipients: units,
    };
  }
}

function recurring(directive: DirectiveEntity) {
  if (!directive.recurrence) throw new NotFoundException(`公文 ${directive.docNumber} 不是周期性公文，没有周期`);
  return directive.recurrence;
}
