import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ScheduleNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  type PlannedPeriod,
  type QuotaRemindersInput,
  type Recurrence,
  recurrenceIds,
  type RecurringDirectiveInput,
  urgeUpdate,
} from '@cascade/contracts';
import {
  periodAt,
  periodDeadline,
  periodInRange,
  quotaCheckAt,
  quotaShortfallNote,
  quotaStandings,
} from '@cascade/domain';
import { WorkCalendarSource } from '@cascade/calendar';
import { AssignmentsRepository, countedValues, DirectivesRepository, ReportsRepository } from '@cascade/persistence';

/** Statuses in which a unit still owes its report (and may be urged). */
const OWING = new Set(['DELIVERED', 'ACKNOWLEDGED', 'FORWARDED', 'RETURNED']);

/** The periods of recurring directives: their deadlines from the calendar, and quota reminders. */
@Injectable()
export class RecurrenceActivities {
  constructor(
    private readonly calendars: WorkCalendarSource,
    private readonly assignments: AssignmentsRepository,
    private readonly directives: DirectivesRepository,
    private readonly reports: ReportsRepository,
  ) {}

  async planPeriod({ recurrence, at }: { recurrence: Recurrence; at: number }): Promise<PlannedPeriod> {
    const calendar = await this.calendars.current();
    const period = periodAt(recurrence, at);
    const deadline = periodDeadline(recurrence, period, calendar);
    const checkAt = recurrence.quotas?.length ? quotaCheckAt(recurrence, period, calendar) : null;
    const skip = !periodInRange(recurrence, period)
      ? `${period.label}不在周期范围内`
      : deadline <= Date.now()
        ? `${period.label}的报送期限已过`
        : null;
    return { key: period.key, label: period.label, deadline, quotaCheckAt: checkAt, skip };
  }

  async remindBelowQuota({ directiveId, quotas, actor, expected }: QuotaRemindersInput): Promise<string[]> {
    const form = (await this.directives.findById(directiveId))?.form ?? null;
    const all = await this.assignments.byDirective(directiveId);
    // The period's deliveries reach the read model asynchronously; the retry comes back for the rest.
    if (all.length < expected) throw new Error(`${directiveId}: ${all.length} of ${expected} recipients projected`);
    const recipients = all.filter((a) => OWING.has(a.status));
    const counted = countedValues(await this.reports.figuresByAssignments(recipients.map((r) => r.id)));
    const urged: string[] = [];
    const client = Context.current().client;
    for (const recipient of recipients) {
      const note = quotaShortfallNote(quotaStandings(quotas, form, counted.get(recipient.id) ?? null));
      if (!note) continue;
      try {
        // One Update id per period and unit: a retried activity meets the first answer, not a second urge.
        await client.workflow.getHandle(recipient.id).executeUpdate(urgeUpdate, {
          args: [{ actor, note }],
          updateId: `quota-reminder:${directiveId}:${recipient.unitCode}`,
        });
        urged.push(recipient.unitCode);
      } catch (error) {
        // Refused (reported meanwhile, withdrawn, urged a moment ago): nothing to remind.
        if (!(error instanceof WorkflowUpdateFailedError)) throw error;
      }
    }
    return urged;
  }

  async amendPeriodTemplate(series: RecurringDirectiveInput): Promise<void> {
    const handle = Context.current().client.schedule.getHandle(recurrenceIds.schedule(series.directiveId));
    try {
      await handle.update((schedule) => ({
        ...schedule,
        action: { ...schedule.action, args: [series] },
      }));
    } catch (error) {
      // Withdrawn in the meantime: no period starts any more, so there is nothing to amend.
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }
}
