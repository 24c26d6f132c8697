import { Module } from '@nestjs/common';
import type { CascadeActivities, RecurrenceActivities as RecurrenceActivityApi } from '@cascade/contracts';
import { ForwardReviewActivities } from './activities/forward-review.activities';
import { ProjectionActivities } from './activities/record-events.activity';
import { RecurrenceActivities } from './activities/recurrence.activities';
import { ScheduleActivities } from './activities/schedule.activities';
import { WorkCalendarSource } from '@cascade/calendar';

/** Injection token of the activity object the worker registers. */
export const CASCADE_ACTIVITIES = Symbol('CASCADE_ACTIVITIES');

/** The activities of the cascade workflows as DI services, bound into one object for the worker. */
@Module({
  providers: [
    WorkCalendarSource,
    ScheduleActivities,
    ForwardReviewActivities,
    ProjectionActivities,
    RecurrenceActivities,
    {
      provide: CASCADE_ACTIVITIES,
      inject: [ScheduleActivities, ForwardReviewActivities, ProjectionActivities, RecurrenceActivities],
      useFactory: (
        schedule: ScheduleActivities,
        review: ForwardReviewActivities,
        projection: ProjectionActivities,
        recurrence: RecurrenceActivities,
      ): CascadeActivities & RecurrenceActivityApi => ({
        planSchedule: (input) => schedule.planSchedule(input),
        reviewForward: (input) => review.reviewForward(input),
        proposeForwardDeadline: (input) => review.proposeForwardDeadline(input),
        recordEvents: (events, notice) => projection.recordEvents(events, notice),
        planPeriod: (input) => recurrence.planPeriod(input),
        remindBelowQuota: (input) => recurrence.remindBelowQuota(input),
        amendPeriodTemplate: (series) => recurrence.amendPeriodTemplate(series),
      }),
    },
  ],
  exports: [CASCADE_ACTIVITIES, WorkCalendarSource],
})
export class CascadeActivitiesModule {}
