import { ConflictException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  Client,
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import { type Recurrence, recurrenceIds, type RecurringDirectiveInput, workflowIds } from '@cascade/contracts';
import { WorkCalendarSource } from '@cascade/calendar';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { PERIOD_START_HOUR, periodAt, periodDeadline, scheduleMonths } from '@cascade/domain';
import type { DirectiveEntity } from '@cascade/persistence';
import { toIso } from '../common/instants';

/**
 * A period that the engine could not start when it was due (server down) is still started within
 * this window; an older one is left out, because by then most of its reporting time is gone and the
 * issuer decides (the period workflow also skips a period whose deadline has passed).
 */
export const CATCHUP_WINDOW = '3 days';

/** gRPC status of a method the server does not implement. */
const UNIMPLEMENTED = 12;

export interface ScheduleState {
  exists: boolean;
  paused: boolean;
  note: string | null;
  nextActionTimes: string[];
}

/**
 * The Temporal Schedule of each recurring directive, `recurrence:{directiveId}`: it starts one
 * `periodWorkflow` at 08:00 Asia/Shanghai on the first day of each period. Overlap ALLOW_ALL: a
 * period's action may still be waiting for its quota check when the next period begins, and each
 * action serves its own period (its cascade's id is the period's, so two actions for one period
 * start one cascade).
 */
@Injectable()
export class RecurrenceSchedulesService {
  constructor(
    private readonly client: Client,
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
    private readonly calendars: WorkCalendarSource,
  ) {}

  /** The deadline of the first period (the one under way at issue, or the first after `start`): the series' own. */
  async firstDeadline(recurrence: Recurrence, now = Date.now()): Promise<number> {
    const start = Date.parse(`${recurrence.start}T00:00:00+08:00`);
    return periodDeadline(recurrence, periodAt(recurrence, Math.max(now, start)), await this.calendars.current());
  }

  /**
   * Creates the schedule, then starts the series workflow, each once: a retried request finds them
   * taken. The schedule comes first so that an engine without schedules leaves no series behind.
   */
  async issue(input: RecurringDirectiveInput): Promise<void> {
    const taskQueue = this.config.temporal.taskQueue;
    const { recurrence } = input;
    try {
      await this.client.schedule.create({
        scheduleId: recurrenceIds.schedule(input.directiveId),
        spec: {
          calendars: [
            {
              month: scheduleMonths(recurrence).map((m) => MONTHS[m - 1]!),
              dayOfMonth: 1,
              hour: PERIOD_START_HOUR,
            },
          ],
          timezone: 'Asia/Shanghai',
          startAt: new Date(`${recurrence.start}T00:00:00+08:00`),
          ...(recurrence.end ? { endAt: new Date(`${recurrence.end}T23:59:59+08:00`) } : {}),
        },
        action: {
          type: 'startWorkflow',
          workflowType: 'periodWorkflow',
          workflowId: `period:${input.directiveId}`,
          taskQueue,
          args: [input],
        },
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: CATCHUP_WINDOW },
        // The period under way when the directive is issued starts at once (skipped if before `start`).
        state: { triggerImmediately: true, note: `周期性公文 ${input.docNumber}` },
      });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw unsupported(error) ?? error;
    }
    try {
      await this.client.workflow.start('recurringDirectiveWorkflow', {
        workflowId: workflowIds.directive(input.directiveId),
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  async state(directive: DirectiveEntity): Promise<ScheduleState> {
    try {
      const described = await this.client.schedule.getHandle(recurrenceIds.schedule(directive.id)).describe();
      return {
        exists: true,
        paused: described.state.paused,
        note: described.state.note ?? null,
        nextActionTimes: described.info.nextActionTimes.slice(0, 3).map((t) => toIso(t.getTime())),
      };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError)
        return { exists: false, paused: false, note: null, nextActionTimes: [] };
      throw error;
    }
  }

  async pause(directive: DirectiveEntity, note: string): Promise<ScheduleState> {
    await this.handle(directive, (handle) => handle.pause(note));
    return this.state(directive);
  }

  async resume(directive: DirectiveEntity, note: string): Promise<ScheduleState> {
    await this.handle(directive, (handle) => handle.unpause(note));
    return this.state(directive);
  }

  /**
   * Runs the schedule's action now, paused or not: the period under way starts if no action started
   * it (missed while paused, or while the engine was down past the catch-up window); one already
   * started is not started twice.
   */
  async runNow(directive: DirectiveEntity): Promise<ScheduleState> {
    await this.handle(directive, (handle) => handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL));
    return this.state(directive);
  }

  /** Withdrawal: no period starts any more; periods already under way go on (each is withdrawn on its own). */
  async remove(directiveId: string): Promise<void> {
    try {
      await this.client.schedule.getHandle(recurrenceIds.schedule(directiveId)).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  }

  private async handle(
    directive: DirectiveEntity,
    act: (handle: ReturnType<Client['schedule']['getHandle']>) => Promise<void>,
  ): Promise<void> {
    try {
      await act(this.client.schedule.getHandle(recurrenceIds.schedule(directive.id)));
    } catch (error) {
      if (error instanceof ScheduleNotFoundError)
        throw new ConflictException({
          code: 'CLOSED',
          message: `周期性公文 ${directive.docNumber} 已撤回，不能暂停、恢复或发起新的一期`,
        });
      throw error;
    }
  }
}

/** Temporal's time-skipping test server has no schedules (every real server has): a 503 that says so. */
function unsupported(error: unknown): ServiceUnavailableException | null {
  if (!(error instanceof ServiceError) || (error.cause as { code?: number } | undefined)?.code !== UNIMPLEMENTED)
    return null;
  return new ServiceUnavailableException({
    code: 'SCHEDULES_UNSUPPORTED',
    message: '工作流引擎不支持定时计划（Temporal Schedules），暂不能发布周期性公文',
  });
}
